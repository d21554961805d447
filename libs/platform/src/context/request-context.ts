import { AsyncLocalStorage } from 'node:async_hooks';

export type Actor =
  | { kind: 'user'; userId: string }
  | { kind: 'api-token'; tokenId: string }
  | { kind: 'system'; process: string }
  | { kind: 'anonymous' };

export interface RequestContext {
  requestId: string;
  /** The tenant every query of this request is confined to (ARCHITECTURE.md rule 4). */
  tenantId?: string;
  actor: Actor;
  ip?: string;
  userAgent?: string;
}

export class MissingTenantError extends Error {
  constructor() {
    super('This operation runs inside a tenant, and none is set in the request context');
  }
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The per-request context, carried through async calls with AsyncLocalStorage. */
export const RequestContexts = {
  run<T>(context: RequestContext, fn: () => T): T {
    return storage.run(context, fn);
  },

  current(): RequestContext | undefined {
    return storage.getStore();
  },

  /** Sets fields on the current context, e.g. the tenant once authentication has found it. */
  assign(fields: Partial<RequestContext>): void {
    const current = storage.getStore();
    if (!current) throw new Error('No request context to assign to');
    Object.assign(current, fields);
  },

  tenantId(): string {
    const tenantId = storage.getStore()?.tenantId;
    if (!tenantId) throw new MissingTenantError();
    return tenantId;
  },
};
