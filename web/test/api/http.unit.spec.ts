import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiRequestError } from '../../src/api/errors.ts';
import { createHttpClient } from '../../src/api/http.ts';

const respond = (status: number, body: unknown) => async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
const Ok = z.object({ ok: z.literal(true), n: z.number() });

describe('http client', () => {
  it('returns the parsed body of a success', async () => {
    const http = createHttpClient({ token: () => null, fetch: respond(200, { ok: true, n: 3 }) });
    await expect(http.get('/x', Ok)).resolves.toEqual({ ok: true, n: 3 });
  });

  it('sends the bearer token and JSON body', async () => {
    let seen: RequestInit | undefined;
    const http = createHttpClient({
      token: () => 'tok',
      fetch: async (_url, init) => {
        seen = init;
        return new Response(JSON.stringify({ ok: true, n: 1 }));
      },
    });
    await http.send('POST', '/x', { a: 1 }, Ok);
    expect((seen?.headers as Record<string, string>).authorization).toBe('Bearer tok');
    expect(seen?.body).toBe('{"a":1}');
  });

  it('turns a server error body into an ApiRequestError with its code, message and issues', async () => {
    const body = { ok: false, error: { code: 'INVALID_BODY', message: 'title too short', issues: [{ path: ['title'], message: 'too short' }] } };
    const http = createHttpClient({ token: () => null, fetch: respond(400, body) });
    const err = await http.get('/x', Ok).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiRequestError);
    expect(err).toMatchObject({ status: 400, code: 'INVALID_BODY', message: 'title too short', issues: [{ path: ['title'], message: 'too short' }] });
  });

  it('names an error without a JSON body by its HTTP status', async () => {
    const http = createHttpClient({ token: () => null, fetch: respond(502, '<html>bad gateway</html>') });
    await expect(http.get('/x', Ok)).rejects.toMatchObject({ status: 502, code: 'HTTP_502' });
  });

  it('reports an unreachable server as NETWORK', async () => {
    const http = createHttpClient({
      token: () => null,
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    await expect(http.get('/x', Ok)).rejects.toMatchObject({ status: 0, code: 'NETWORK' });
  });

  it('refuses a success body that does not match its schema', async () => {
    const http = createHttpClient({ token: () => null, fetch: respond(200, { ok: true, n: 'three' }) });
    await expect(http.get('/x', Ok)).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('leaves empty query values out of the URL', async () => {
    let url = '';
    const http = createHttpClient({
      token: () => null,
      fetch: async (u) => {
        url = String(u);
        return new Response(JSON.stringify({ ok: true, n: 1 }));
      },
    });
    await http.get('/api/debates', Ok, { q: 'kim', status: undefined, cursor: '' });
    expect(url).toBe('/api/debates?q=kim');
  });
});
