import { type AddressInfo, type Server, type Socket, connect, createServer } from 'node:net';

/**
 * A TCP proxy in front of a real server (Redis here) that can hold what its clients send:
 * while held, their bytes are kept, readable as text (`held`), and go on in order on release.
 * Answers from the server always pass. It makes "Redis has not answered yet" a state a test
 * can hold a process in, and see what that process asked for meanwhile.
 */
export class HoldingProxy {
  private server?: Server;
  private holding = false;
  private readonly links = new Set<{ client: Socket; upstream: Socket; kept: Buffer[] }>();
  private text = '';

  constructor(private readonly target: URL) {}

  async start(): Promise<string> {
    this.server = createServer((client) => {
      const upstream = connect(Number(this.target.port || 6379), this.target.hostname);
      const link = { client, upstream, kept: [] as Buffer[] };
      this.links.add(link);
      client.on('data', (chunk: Buffer) => {
        if (!this.holding) return void upstream.write(chunk);
        link.kept.push(chunk);
        this.text += chunk.toString('utf8');
      });
      upstream.on('data', (chunk: Buffer) => client.write(chunk));
      const end = () => {
        this.links.delete(link);
        client.destroy();
        upstream.destroy();
      };
      client.on('close', end).on('error', end);
      upstream.on('close', end).on('error', end);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const url = new URL(this.target.href);
    url.hostname = '127.0.0.1';
    url.port = String((this.server.address() as AddressInfo).port);
    return url.href;
  }

  hold(): void {
    this.holding = true;
    this.text = '';
  }

  /** What clients sent since `hold()`, as text (Redis commands are readable in RESP). */
  get held(): string {
    return this.text;
  }

  release(): void {
    this.holding = false;
    for (const link of this.links) for (const chunk of link.kept.splice(0)) link.upstream.write(chunk);
  }

  async close(): Promise<void> {
    this.release();
    for (const { client, upstream } of this.links) {
      client.destroy();
      upstream.destroy();
    }
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
