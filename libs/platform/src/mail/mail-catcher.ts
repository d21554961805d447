import { mkdir, writeFile } from 'node:fs/promises';
import { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  to: string[];
  subject: string;
  text: string;
  receivedAt: Date;
}

/**
 * A local SMTP server that keeps what it receives: the development default (nothing leaves the
 * machine) and what the tests read. Speaks real SMTP, so the product's SMTP adapter is what
 * sends to it.
 */
export class MailCatcher {
  readonly messages: CaughtMail[] = [];
  private readonly waiters: Array<{ match: (mail: CaughtMail) => boolean; resolve: (mail: CaughtMail) => void }> = [];
  private server?: SMTPServer;

  constructor(private readonly options: { directory?: string; onMail?: (mail: CaughtMail, file?: string) => void } = {}) {}

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, _session, done) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          this.receive(Buffer.concat(chunks)).then(() => done(), (error: Error) => done(error));
        });
      },
    });
    const server = this.server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const address = server.server.address() as AddressInfo;
    return `smtp://${host}:${address.port}`;
  }

  /** The first message (already caught or still to come) addressed to `to`. */
  waitFor(to: string, subjectIncludes = ''): Promise<CaughtMail> {
    const match = (mail: CaughtMail) => mail.to.includes(to.toLowerCase()) && mail.subject.includes(subjectIncludes);
    const caught = this.messages.find(match);
    if (caught) return Promise.resolve(caught);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async receive(raw: Buffer): Promise<void> {
    const parsed = await PostalMime.parse(raw);
    const mail: CaughtMail = {
      to: (parsed.to ?? []).map((address) => (address.address ?? '').toLowerCase()),
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      receivedAt: new Date(),
    };
    let file: string | undefined;
    if (this.options.directory) {
      await mkdir(this.options.directory, { recursive: true });
      file = join(this.options.directory, `${mail.receivedAt.toISOString().replace(/[:.]/g, '-')}.eml`);
      await writeFile(file, raw);
    }
    this.messages.push(mail);
    this.options.onMail?.(mail, file);
    for (const waiter of [...this.waiters]) {
      if (waiter.match(mail)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(mail);
      }
    }
  }
}
