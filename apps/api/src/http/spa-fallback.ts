import { type FastifyReply, type FastifyRequest } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The built SPA is served by the API at `/`; any GET for a page (not under /api) that matches
 * no file answers index.html so the client-side router can take over deep links.
 */
export class SpaFallback {
  private readonly indexHtml: Buffer;

  private constructor(readonly root: string) {
    this.indexHtml = readFileSync(join(root, 'index.html'));
  }

  static at(root: string | undefined): SpaFallback | undefined {
    return root && existsSync(join(root, 'index.html')) ? new SpaFallback(root) : undefined;
  }

  serves(request: FastifyRequest): boolean {
    return (
      (request.method === 'GET' || request.method === 'HEAD') &&
      !request.url.startsWith('/api') &&
      // A file has an extension in its path; a query may hold anything (a signed link has dots).
      !/\.[a-z0-9]+$/i.test(request.url.split('?')[0])
    );
  }

  send(reply: FastifyReply): FastifyReply {
    return reply.status(200).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').send(this.indexHtml);
  }
}
