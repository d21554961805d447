import { HttpException, HttpStatus } from '@nestjs/common';
import { DomainError } from '@perepiska/platform';
import { STATUS_CODES } from 'node:http';

/** The one shape every failure answers with (ARCHITECTURE.md rule 9). */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
}

export interface FieldError {
  field: string;
  messages: string[];
}

const DOMAIN_STATUS: Record<DomainError['kind'], number> = {
  'not-found': HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  refused: HttpStatus.UNPROCESSABLE_ENTITY,
  forbidden: HttpStatus.FORBIDDEN,
  invalid: HttpStatus.BAD_REQUEST,
};

export function errorBody(statusCode: number, message: string, details?: unknown): ErrorBody {
  return {
    statusCode,
    error: STATUS_CODES[statusCode] ?? 'Error',
    message,
    ...(details === undefined ? {} : { details }),
  };
}

/** Maps anything thrown to the shared shape; a 500 never carries the original message. */
export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    if (typeof response === 'object' && response !== null) {
      const r = response as { message?: unknown; details?: unknown };
      const message = Array.isArray(r.message)
        ? r.message.join('; ')
        : typeof r.message === 'string'
          ? r.message
          : exception.message;
      return errorBody(status, message, r.details);
    }
    return errorBody(status, String(response));
  }
  if (exception instanceof DomainError) {
    return errorBody(DOMAIN_STATUS[exception.kind], exception.message, exception.details);
  }
  // A client error raised by Fastify or a plugin (body parsing, size limit): its message is safe.
  const status = (exception as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return errorBody(status, (exception as Error).message || (STATUS_CODES[status] ?? 'Bad request'));
  }
  return errorBody(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error');
}
