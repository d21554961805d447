import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { RealtimeServer } from '@perepiska/messaging';
import { Logger, PinoLogger } from 'nestjs-pino';
import { type IncomingMessage } from 'node:http';
import { AppModule, type AppModuleOptions } from './app.module';
import { backportAsyncResourceBind } from './http/async-resource-bind';
import { AllExceptionsFilter } from './http/all-exceptions.filter';
import { SpaFallback } from './http/spa-fallback';
import { createValidationPipe } from './http/validation';
import { requestIdFor } from './logging/logger-options';
import { buildOpenApiDocument } from './openapi/openapi-document';

export const API_PREFIX = 'api/v1';

/** The HTTP application: every route under /api/v1, docs at /api/docs, the SPA at /. */
export async function createHttpApp(options: AppModuleOptions): Promise<NestFastifyApplication> {
  const { config } = options;
  backportAsyncResourceBind();
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    trustProxy: true,
    // The same id reaches the request log through the raw request, so logs and responses agree.
    genReqId: (req: IncomingMessage) => ((req as IncomingMessage & { id: string }).id = requestIdFor(req.headers)),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options), adapter, {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  const spa = SpaFallback.at(config.webDistDir);
  app.useGlobalFilters(new AllExceptionsFilter(await app.resolve(PinoLogger), spa));

  const fastify = app.getHttpAdapter().getInstance();
  // Graceful shutdown: in-flight requests finish; their keep-alive sockets close right after
  // instead of holding the process for Fastify's 72-second keep-alive timeout.
  let closing = false;
  fastify.addHook('preClose', async () => {
    closing = true;
  });
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    if (closing) void reply.header('connection', 'close');
  });

  await app.register(fastifyCookie);
  // One file per upload, refused past the attachment limit while it streams in.
  await app.register(fastifyMultipart, { limits: { files: 1, fields: 0, fileSize: config.messaging.maxAttachmentBytes + 1 } });
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'api/docs-json',
    yamlDocumentUrl: 'api/docs-yaml',
    customSiteTitle: 'Perepiska API',
  });
  if (spa) {
    await app.register(fastifyStatic, { root: spa.root, prefix: '/', wildcard: false, index: false, maxAge: '1h' });
  }
  await app.init();
  // Only HTTP processes serve sockets; the worker publishes through Redis (RealtimePublisher).
  app.get(RealtimeServer).attach(app.getHttpServer());
  return app;
}

/** The worker role: queues and messenger clients, no HTTP listener. */
export async function createWorkerContext(options: AppModuleOptions): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(options), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  await app.init();
  return app;
}
