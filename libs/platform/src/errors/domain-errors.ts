/**
 * Errors a service throws to say what went wrong in the domain's words; the HTTP layer maps
 * each kind to one status in the shared error shape, so services never import HTTP.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: 'not-found' | 'conflict' | 'refused' | 'forbidden' | 'invalid';

  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Also the answer for another tenant's id: it does not exist for the caller (rule 4). */
export class NotFoundError extends DomainError {
  readonly kind = 'not-found';
}

export class ConflictError extends DomainError {
  readonly kind = 'conflict';
}

/** A rule of the law or of the product refuses the action (422 with the reason). */
export class RefusedError extends DomainError {
  readonly kind = 'refused';
}

export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
}

export class InvalidInputError extends DomainError {
  readonly kind = 'invalid';
}
