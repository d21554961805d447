import { randomUUID } from 'node:crypto';
import { type IncomingMessage } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import { anonymiseIp } from '@perepiska/platform';
import { type Params } from 'nestjs-pino';
import { Store, storage } from 'nestjs-pino/storage';
import { hostname } from 'node:os';
import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';

/**
 * JSON logs with a request id on every line. Secrets and personal data never reach a log line
 * (ARCHITECTURE.md rule 5): bodies are not logged, query values are dropped, IP addresses are
 * truncated (004 §6), and known sensitive keys are censored wherever they appear.
 */
const SENSITIVE_KEYS = [
  'password',
  'newPassword',
  'currentPassword',
  'passwordHint',
  'token',
  'accessToken',
  'refreshToken',
  'apiToken',
  'secret',
  'totp',
  'otp',
  'loginCode',
  'verificationCode',
  'sessionString',
  'session',
  'credentials',
  'masterKey',
  'email',
  'phone',
  'firstName',
  'lastName',
  'fullName',
  'text',
  'body',
];

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  ...SENSITIVE_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
];

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Accepts a caller's X-Request-Id when it is well-formed, otherwise makes one. */
export function requestIdFor(headers: IncomingMessage['headers']): string {
  const incoming = headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

// IP addresses are truncated by the platform's rule, the same one the consent records use.
export { anonymiseIp };

/** The API runs behind a proxy in production (trustProxy): the first forwarded address is the client. */
function clientIp(headers: Record<string, unknown>, remoteAddress: string | undefined): string | undefined {
  const forwarded = headers['x-forwarded-for'];
  const first = typeof forwarded === 'string' ? forwarded.split(',')[0]?.trim() : undefined;
  return first || remoteAddress;
}

function pathOnly(url: string | undefined): string | undefined {
  if (!url) return url;
  const [path, query] = url.split('?');
  if (!query) return path;
  const keys = query.split('&').map((pair) => pair.split('=')[0]);
  return `${path}?${keys.map((key) => `${key}=…`).join('&')}`;
}

/** What a request line says about the request: no headers but the user agent, no query values, a truncated IP. */
export function requestSummary(req: IncomingMessage & { id?: unknown; originalUrl?: string }): Record<string, unknown> {
  return {
    id: req.id,
    method: req.method,
    url: pathOnly(req.originalUrl ?? req.url),
    userAgent: req.headers['user-agent'],
    ip: anonymiseIp(clientIp(req.headers, req.socket?.remoteAddress)),
  };
}

/** What `RequestLogMiddleware` keeps for the request being handled: the logger and the request's id. */
export class RequestStore extends Store {
  constructor(
    logger: Logger,
    readonly requestId: string,
  ) {
    super(logger);
  }
}

/**
 * The process's root logger. Request lines are written by `RequestLogMiddleware`; everything
 * logged while a request is handled carries its `reqId`, added when a line is written (a child
 * logger per request would be redacted as it is built, for every request, logged or not).
 */
export function rootLogger(level: string, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: { pid: process.pid, hostname: hostname(), service: 'perepiska' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    mixin: () => {
      const store = storage.getStore();
      return store instanceof RequestStore ? { reqId: store.requestId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export function loggerParams(level: string, destination?: DestinationStream): Params {
  // `useExisting`: nestjs-pino binds the logger the middleware put on the request instead of running pino-http.
  return { pinoHttp: { logger: rootLogger(level, destination) }, useExisting: true, forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }] };
}
