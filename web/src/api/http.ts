// A small fetch wrapper: JSON in and out, the bearer token from the session, every response
// body checked against its zod schema, every failure an ApiRequestError.
import { ErrorResponse } from '@booktalk/contracts';
import type { z } from 'zod';
import { ApiRequestError } from './errors.ts';

export interface HttpClientOptions {
  baseUrl?: string;
  token: () => string | null;
  fetch?: typeof fetch;
}

export interface HttpClient {
  get<S extends z.ZodType>(path: string, schema: S, query?: Record<string, string | undefined>): Promise<z.infer<S>>;
  send<S extends z.ZodType>(method: 'POST' | 'PATCH' | 'DELETE', path: string, body: unknown, schema: S): Promise<z.infer<S>>;
}

export function createHttpClient({ baseUrl = '', token, fetch: doFetch = (...a) => globalThis.fetch(...a) }: HttpClientOptions): HttpClient {
  const request = async <S extends z.ZodType>(method: string, path: string, schema: S, body?: unknown): Promise<z.infer<S>> => {
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
      throw new ApiRequestError(res.status, err.success ? err.data.error : { code: `HTTP_${res.status}`, message: res.statusText || `HTTP ${res.status}` });
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
    send: (method, path, body, schema) => request(method, path, schema, body),
  };
}
