import { describe, expect, it } from 'vitest';
import { ApiRequestError } from '@/shared/api/client';
import { connectionActionError } from './connections.errors';

const t = (key: string) => key;
const refused = (status: number, details?: unknown) => new ApiRequestError(status, { statusCode: status, error: 'x', message: 'server message', details });

describe('connectionActionError', () => {
  it.each([
    ['a 403 for the module being off', refused(403, { reason: 'messenger-module-off' }), 'messenger-module.connectRefused.off'],
    ['a 403 for the module being suspended', refused(403, { reason: 'messenger-module-suspended' }), 'messenger-module.connectRefused.suspended'],
    ['a 403 for another reason', refused(403, { reason: 'signatory-must-be-a-person' }), 'common.errors.forbidden'],
    ['a 403 without details', refused(403), 'common.errors.forbidden'],
    ['a 404', refused(404), 'connections.errors.gone'],
    ['a 409 keeps the server message', refused(409, { reason: 'messenger-module-off' }), 'server message'],
  ])('%s', (_name, error, expected) => {
    expect(connectionActionError(error, t)).toBe(expected);
  });
});
