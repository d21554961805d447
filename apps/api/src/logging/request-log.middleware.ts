import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { PARAMS_PROVIDER_TOKEN, type Params } from 'nestjs-pino';
import { storage } from 'nestjs-pino/storage';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type Logger } from 'pino';
import { RequestStore, requestSummary } from './logger-options';

const HEALTH = '/api/v1/health';

/** Middie shortens `url` to the part after the middleware's mount path; `originalUrl` is the whole. */
type LoggedRequest = IncomingMessage & { id: string; originalUrl?: string; log?: Logger };

/**
 * One JSON line per request when it ends (`info`; the health probe is not logged), and the
 * request's logger for everything logged while it is handled.
 *
 * No child logger per request: the root logger adds the request's id to each line it writes
 * while the request is handled (`RequestStore`). pino-http bound the whole serialized request to
 * a child logger for every request, which pino redacts with every censor path as it builds the
 * child: at a warn level nothing of it was ever written, and it was a quarter of what the API
 * allocated per inbound post. Here the request is described once, in its line, and only when
 * that line is written.
 */
@Injectable()
export class RequestLogMiddleware implements NestMiddleware {
  private readonly root: Logger;

  constructor(@Inject(PARAMS_PROVIDER_TOKEN) params: Params) {
    this.root = (params.pinoHttp as { logger: Logger }).logger;
  }

  use(req: LoggedRequest, res: ServerResponse, next: () => void): void {
    const log = this.root;
    req.log = log;
    if ((req.originalUrl ?? req.url) !== HEALTH && log.isLevelEnabled('info')) {
      const started = performance.now();
      const ended = (): void => {
        res.off('finish', ended);
        res.off('close', ended);
        const line = { reqId: req.id, req: requestSummary(req), res: { statusCode: res.statusCode }, responseTime: Math.round(performance.now() - started) };
        log.info(line, res.writableFinished ? 'request completed' : 'request aborted');
      };
      res.on('finish', ended);
      res.on('close', ended);
    }
    storage.run(new RequestStore(log, req.id), next);
  }
}
