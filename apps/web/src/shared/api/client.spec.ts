import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiRequestError, NetworkError, api, requestJson, unwrap, unwrapEmpty } from './client';

function respond(status: number, body: unknown, headers: Record<string, string> = {}) {
  return vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } }));
}

describe('the API client', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('returns the data of a successful typed call', async () => {
    vi.stubGlobal('fetch', respond(200, { status: 'ok', checks: { postgres: { status: 'up' }, redis: { status: 'up' } } }));
    const report = await unwrap(api.GET('/api/v1/health'));
    expect(report.status).toBe('ok');
  });

  it('accepts a documented error status that carries data', async () => {
    vi.stubGlobal('fetch', respond(503, { status: 'unavailable', checks: { postgres: { status: 'down', error: 'x' }, redis: { status: 'up' } } }));
    expect((await unwrap(api.GET('/api/v1/health'), [503])).status).toBe('unavailable');
    await expect(unwrap(api.GET('/api/v1/health'))).rejects.toBeInstanceOf(ApiRequestError);
  });

  it('turns the error shape into ApiRequestError with field errors and Retry-After', async () => {
    vi.stubGlobal(
      'fetch',
      respond(400, { statusCode: 400, error: 'Bad Request', message: 'Validation failed: email', details: [{ field: 'email', messages: ['email must be an email'] }] }),
    );
    const error = (await requestJson('POST', '/api/v1/auth/login', {}).catch((e: unknown) => e)) as ApiRequestError;
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error.message).toBe('Validation failed: email');
    expect(error.fieldErrors).toEqual({ email: ['email must be an email'] });

    vi.stubGlobal('fetch', respond(429, { statusCode: 429, error: 'Too Many Requests', message: 'Slow down' }, { 'retry-after': '42' }));
    const limited = (await requestJson('POST', '/x').catch((e: unknown) => e)) as ApiRequestError;
    expect(limited.retryAfterSeconds).toBe(42);
  });

  it('resolves a 204 answer and still throws the error shape of a failed one', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(null, { status: 204 })));
    await expect(unwrapEmpty(api.POST('/api/v1/auth/logout-all'))).resolves.toBeUndefined();

    vi.stubGlobal('fetch', respond(400, { statusCode: 400, error: 'Bad Request', message: 'x', details: [{ field: 'code', messages: ['does not match'] }] }));
    const error = (await unwrapEmpty(api.POST('/api/v1/auth/totp/enable', { body: { code: '000000' } })).catch((e: unknown) => e)) as ApiRequestError;
    expect(error.fieldErrors).toEqual({ code: ['does not match'] });
  });

  it('reports an unreachable server as NetworkError', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(requestJson('GET', '/api/v1/health')).rejects.toBeInstanceOf(NetworkError);
  });
});
