import type { ApiError, paths } from '@perepiska/api-client';
import createClient, { type Middleware } from 'openapi-fetch';

/**
 * The SPA's one API client (STYLE.md §12): typed from the generated OpenAPI document, cookies
 * sent with every call, errors turned into one exception type in one place.
 */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError | undefined,
    readonly retryAfterSeconds?: number,
  ) {
    super(body?.message ?? `HTTP ${status}`);
  }

  /** Field-level messages of a validation error, keyed by field name. */
  get fieldErrors(): Record<string, string[]> {
    const details = this.body?.details;
    if (!Array.isArray(details)) return {};
    return Object.fromEntries(
      (details as Array<{ field?: unknown; messages?: unknown }>)
        .filter((d) => typeof d.field === 'string' && Array.isArray(d.messages))
        .map((d) => [d.field as string, d.messages as string[]]),
    );
  }
}

export class NetworkError extends Error {}

function isApiError(value: unknown): value is ApiError {
  return typeof value === 'object' && value !== null && 'statusCode' in value && 'message' in value;
}

function requestError(response: Response, body: unknown): ApiRequestError {
  const retryAfter = Number(response.headers.get('retry-after'));
  return new ApiRequestError(response.status, isApiError(body) ? body : undefined, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
}

/** `fetch` that throws NetworkError when the server cannot be reached at all. */
const guardedFetch: typeof fetch = async (input, init) => {
  try {
    return await fetch(input, init);
  } catch (error) {
    throw new NetworkError((error as Error).message);
  }
};

const accessTokenMiddleware = (getToken: () => string | undefined): Middleware => ({
  onRequest({ request }) {
    const token = getToken();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
});

let currentAccessToken: string | undefined;

export function setAccessToken(token: string | undefined): void {
  currentAccessToken = token;
}

// openapi-fetch builds Request objects, which need an absolute URL: the SPA's own origin.
export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'include', fetch: guardedFetch });
api.use(accessTokenMiddleware(() => currentAccessToken));

/**
 * Unwraps an openapi-fetch result: the data on success, ApiRequestError otherwise. Pass
 * `acceptStatuses` for documented non-2xx answers that carry data (health's 503).
 */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
  acceptStatuses: number[] = [],
): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok && data !== undefined) return data;
  if (acceptStatuses.includes(response.status) && error !== undefined) return error as T;
  throw requestError(response, error);
}

/**
 * For calls answered with 204 No Content, where openapi-fetch has no data to return: resolves
 * on success, throws ApiRequestError otherwise.
 */
export async function unwrapEmpty(call: Promise<{ error?: unknown; response: Response }>): Promise<void> {
  const { error, response } = await call;
  if (!response.ok) throw requestError(response, error);
}

/**
 * For routes whose types are not generated yet; same errors and credentials as `api`.
 */
export async function requestJson<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const response = await send(method, path, body);
  return (await response.json()) as T;
}

/** `requestJson` for a file answer (a PDF certificate): the body as a Blob, same errors. */
export async function requestBlob(path: string): Promise<Blob> {
  const response = await send('GET', path, undefined);
  return response.blob();
}

/** `requestJson` for calls answered with 204 No Content (or 202 without a body worth reading). */
export async function requestEmpty(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<void> {
  await send(method, path, body);
}

async function send(method: string, path: string, body: unknown): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (currentAccessToken) headers.authorization = `Bearer ${currentAccessToken}`;
  const response = await guardedFetch(new URL(path, window.location.origin).toString(), {
    method,
    headers,
    credentials: 'include',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw requestError(response, await response.json().catch(() => undefined));
  return response;
}

/**
 * Uploads one file as multipart/form-data field `file`, reporting progress (fetch cannot report
 * an upload's progress, XMLHttpRequest can). Same credentials and errors as the other calls.
 */
export function uploadFile<T>(path: string, file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', new URL(path, window.location.origin).toString());
    xhr.withCredentials = true;
    xhr.responseType = 'json';
    xhr.setRequestHeader('accept', 'application/json');
    if (currentAccessToken) xhr.setRequestHeader('authorization', `Bearer ${currentAccessToken}`);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener('load', () => {
      const body: unknown = xhr.response;
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(new ApiRequestError(xhr.status, isApiError(body) ? body : undefined));
    });
    xhr.addEventListener('error', () => reject(new NetworkError('upload failed')));
    xhr.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    signal?.addEventListener('abort', () => xhr.abort());
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}
