// A small fetch wrapper: JSON in and out, the bearer token from the session, every response
// body checked against its zod schema, every failure an ApiRequestError.
import { ErrorResponse } from '@booktalk/contracts';
import type { z } from 'zod';
import { ApiRequestError } from './errors.ts';

export interface HttpClientOptions {
  baseUrl?: string;
  token: () => string | null;
  fetch?: typeof fetch;
  /**
   * A request with this bearer token got 401: resolves true once a usable token is in place (the
   * request is then sent once more with it), false when nothing can be done (the 401 stands), or
   * rejects with the error to show instead (the session ended, the refresh was rate limited).
   */
  onUnauthorized?: (usedToken: string) => Promise<boolean>;
}

export interface SendOptions {
  /** false for the session routes themselves: a refused sign-in or refresh is an answer, not an expired token. */
  recoverUnauthorized?: boolean;
}

export interface HttpClient {
  get<S extends z.ZodType>(path: string, schema: S, query?: Record<string, string | undefined>): Promise<z.infer<S>>;
  send<S extends z.ZodType>(method: 'POST' | 'PATCH' | 'DELETE', path: string, body: unknown, schema: S, options?: SendOptions): Promise<z.infer<S>>;
}

/** Retry-After in whole seconds (the header may also be an HTTP date). */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

export function createHttpClient({ baseUrl = '', token, fetch: doFetch = (...a) => globalThis.fetch(...a), onUnauthorized }: HttpClientOptions): HttpClient {
  const request = async <S extends z.ZodType>(method: string, path: string, schema: S, body?: unknown, recover = true): Promise<z.infer<S>> => {
    try {
      return await once(method, path, schema, body);
    } catch (e) {
      // An expired or no longer recognised access token: renew it (one refresh shared by every
      // request that hit this) and send the request once more.
      if (!(recover && onUnauthorized && e instanceof UnauthorizedWith)) throw e instanceof UnauthorizedWith ? e.error : e;
      if (!(await onUnauthorized(e.token))) throw e.error;
      return once(method, path, schema, body).catch((again: unknown) => {
        throw again instanceof UnauthorizedWith ? again.error : again;
      });
    }
  };
  const once = async <S extends z.ZodType>(method: string, path: string, schema: S, body?: unknown): Promise<z.infer<S>> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    const bearer = token();
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await doFetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new ApiRequestError(0, { code: 'NETWORK', message: e instanceof Error ? e.message : 'The server could not be reached' });
    }
    const text = await res.text();
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      // fall through: reported below as a bad response
    }
    if (!res.ok) {
      const err = ErrorResponse.safeParse(json);
      const error = new ApiRequestError(
        res.status,
        err.success ? err.data.error : { code: `HTTP_${res.status}`, message: res.statusText || `HTTP ${res.status}` },
        res.status === 429 ? retryAfterSeconds(res.headers.get('retry-after')) : undefined,
      );
      if (res.status === 401 && bearer) throw new UnauthorizedWith(bearer, error);
      throw error;
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new ApiRequestError(res.status, { code: 'BAD_RESPONSE', message: `Unexpected response from ${method} ${path}` });
    }
    return parsed.data;
  };
  return {
    get: (path, schema, query) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') params.set(k, v);
      const qs = params.toString();
      return request('GET', qs ? `${path}?${qs}` : path, schema);
    },
    send: (method, path, body, schema, options) => request(method, path, schema, body, options?.recoverUnauthorized ?? true),
  };
}

/** A 401 and the token that earned it (internal: callers see the ApiRequestError). */
class UnauthorizedWith {
  constructor(
    readonly token: string,
    readonly error: ApiRequestError,
  ) {}
}
