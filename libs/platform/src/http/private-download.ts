import { type FastifyReply } from 'fastify';

/**
 * Headers of a file the product generates for one signed-in caller (an export, a certificate,
 * an act): saved as `fileName` (ASCII), never sniffed, never cached.
 */
export function privateDownload(reply: FastifyReply, contentType: string, fileName: string): void {
  void reply
    .header('content-type', contentType)
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store');
}
