import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessJournal, type Principal, RECORDS_ACCESS, type RecordsAccessMetadata } from '@perepiska/platform';
import { type FastifyRequest } from 'fastify';
import { type Observable, mergeMap } from 'rxjs';

/**
 * Writes the access journal for routes declared with `@RecordsAccess`: after the handler has
 * produced its answer and before it is sent, so a read that is answered is a read that is
 * journalled (a failed write fails the request rather than leaving a gap).
 */
@Injectable()
export class AccessJournalInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly journal: AccessJournal,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const declared = this.reflector.get<RecordsAccessMetadata | undefined>(RECORDS_ACCESS, context.getHandler());
    if (!declared) return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    return next.handle().pipe(
      mergeMap(async (body: unknown) => {
        const principal = request.principal;
        if (principal) {
          const params = request.params as Record<string, string>;
          const resourceId = declared.idParam ? (params[declared.idParam] ?? '*') : '*';
          await this.journal.record(principal, { resourceType: declared.resourceType, resourceId, action: declared.action });
        }
        return body;
      }),
    );
  }
}
