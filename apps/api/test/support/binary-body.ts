import type request from 'supertest';

/** A supertest parser that keeps a response's body as the bytes sent (PDF, XLSX, CSV downloads). */
export const binaryBody = (res: request.Response, done: (error: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  const stream = res as unknown as NodeJS.ReadableStream;
  stream.on('data', (chunk: Buffer) => chunks.push(Buffer.from(chunk)));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
};
