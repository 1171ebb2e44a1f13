// HTTP cases for the fuzz test: for every route of the OpenAPI document that takes a body, random
// JSON values, valid bodies with one field broken, invalid JSON text, raw bytes, wrong content
// types and encodings, compressed bodies and decompression bombs, bodies near and over the
// route's size limit, deep nesting and pollution keys; the oracle that says which bodies the
// server may accept (never sent); a raw sender.
import http from 'node:http';
import zlib from 'node:zlib';
import { CommandRequest, CreateDebateRequest } from '@booktalk/api';
import { GuestSessionRequest, SignUpRequest, UpdateMeRequest } from '@booktalk/contracts';
import fc from 'fast-check';
import type { z } from 'zod';
import { type Mutation, deepValue, hasForbiddenKey, junk, longString, materialize, mutate, nastyString, pathsOf, pollutionObject } from './fuzzValues.ts';

export interface HttpIds {
  debateId: string;
  token: string;
  voteId: string;
  peerId: string;
}

/** `16kb` on the account routes (passwords travel there), `1mb` on the command routes (express's units). */
const SMALL = 16 * 1024;
const LARGE = 1024 * 1024;

interface RouteSpec {
  auth: boolean;
  limit: number;
  bases: (ids: HttpIds) => Record<string, unknown>[];
  /** Whether the server may accept this parsed body (then the case is not sent: it could write). */
  mayAccept: (body: unknown) => boolean;
}

const passes = (schema: z.ZodType, body: unknown) => schema.safeParse(body).success;
const hasCredentials = (body: unknown) => typeof body === 'object' && body !== null && ('username' in body || 'password' in body);

/** Every body-taking operation the document may list, keyed `METHOD path`: a new one fails the test until it is added here. */
export const ROUTES: Record<string, RouteSpec> = {
  'POST /api/accounts': {
    auth: false,
    limit: SMALL,
    bases: () => [{ username: 'fuzz-reader', displayName: 'Fuzz Reader', password: 'long-enough-password' }],
    mayAccept: (b) => passes(SignUpRequest, b),
  },
  'POST /api/session': {
    auth: false,
    limit: SMALL,
    // A guest session, or a sign-in to an account that does not exist (always 401).
    bases: () => [{ displayName: 'Fuzz Guest' }, { username: 'nobody-by-this-name', password: 'not-the-password' }],
    mayAccept: (b) => !hasCredentials(b) && passes(GuestSessionRequest, b),
  },
  'POST /api/session/refresh': {
    auth: false,
    limit: SMALL,
    bases: () => [{ refreshToken: 'not-a-refresh-token-we-issued' }],
    mayAccept: () => false,
  },
  'PATCH /api/me': {
    auth: true,
    limit: SMALL,
    bases: () => [{ displayName: 'Renamed Host' }, { password: 'another-long-password', currentPassword: 'wrong-current-password' }],
    mayAccept: (b) => passes(UpdateMeRequest, b),
  },
  'POST /api/debates': {
    auth: true,
    limit: LARGE,
    bases: () => [
      {
        commandId: '00000000-0000-4000-8000-000000000000',
        title: 'A fuzzed evening',
        book: { title: 'Middlemarch', author: 'George Eliot' },
        motion: 'Dorothea chose well',
        format: 'free',
        maxMembers: 50,
        turnSeconds: 120,
      },
    ],
    mayAccept: (b) => passes(CreateDebateRequest, b),
  },
  'POST /api/debates/{debateId}/commands': {
    auth: true,
    limit: LARGE,
    bases: (ids) =>
      [
        { type: 'RaiseHand', data: {} },
        { type: 'PostMessage', data: { messageId: '00000000-0000-4000-8000-00000000f022', kind: 'chat', text: 'hello' } },
        { type: 'CastVote', data: { voteId: ids.voteId, option: 'yes' } },
        { type: 'GrantTurn', data: { accountId: ids.peerId, durationMs: 60_000 } },
        { type: 'UpdatePresentation', data: { content: 'notes' } },
        { type: 'MuteParticipant', data: { accountId: ids.peerId, reason: 'fuzz' } },
      ].map((c) => ({ commandId: '00000000-0000-4000-8000-000000000001', ...c })),
    mayAccept: (b) => passes(CommandRequest, b),
  },
};

export type Auth = 'token' | 'none' | 'garbage token' | 'not bearer';
export type BodyHow = 'json value' | Mutation | 'near limit' | 'size limit' | 'deep' | 'invalid json' | 'bytes' | 'escaped proto' | 'compressed' | 'zip bomb';

export interface HttpCase {
  route: string;
  how: BodyHow;
  contentType: string | null;
  contentEncoding: string | null;
  chunked: boolean;
  auth: Auth;
  /** A malformed debate id in the path (commands route only), raw as sent. */
  badPath: string | null;
  /** The body: text, bytes, or built when sent. */
  body: string | Uint8Array | (() => string | Uint8Array);
}

const CONTENT_TYPES = fc.oneof(
  { weight: 40, arbitrary: fc.constant('application/json') },
  { weight: 2, arbitrary: fc.constant('application/json; charset=utf-8') },
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      null,
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      'application/json; charset=nope',
      'application/xml',
      'application/vnd.api+json',
      'application/json;;;',
      '*/*',
      'json',
      '',
    ),
  },
);
const ENCODINGS = fc.oneof({ weight: 30, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom('gzip', 'deflate', 'br', 'x-nonsense', 'identity, gzip') });
const AUTH = fc.oneof({ weight: 30, arbitrary: fc.constant<Auth>('token') }, { weight: 1, arbitrary: fc.constantFrom<Auth>('none', 'garbage token', 'not bearer') });
const BAD_PATHS = ['a%20b', '%00', 'x'.repeat(65), '..%2F..', '%C3%A9', '%F0%9F%99%82', '%', '%E0%A4%A', '%ZZ', '__proto__', 'constructor%00'];
const INVALID_JSON = [
  '{', '}', '[', '{"a":}', "{'a':1}", '{"a":1,}', '[1,]', 'nul', 'NaN', '{"a":NaN}', '{"a":Infinity}', '\ufeff{}', '{"a":"\\x00"}', '\u0000',
  '{"a":1}{"b":2}', '{"a":1} trailing', '/* c */ {}', '{"a":"unterminated', ' ', '\n\n', '{"__proto__":', '{"a":01}', '{"a":.5}', '{"a":"\t"}', '"just a string"', '42', 'true', 'null',
];

/** Body text of exactly `bytes` UTF-8 bytes: the base with its longest string field (or a `pad` field) grown. */
export function sized(base: Record<string, unknown>, bytes: number): string {
  const paths = pathsOf(base).filter((p) => typeof p.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], base) === 'string');
  const path = paths.sort((a, b) => a.length - b.length)[0] ?? ['pad'];
  const empty = JSON.stringify(mutate(base, path, 'replace', '', ''));
  return JSON.stringify(mutate(base, path, 'replace', 'x'.repeat(Math.max(0, bytes - Buffer.byteLength(empty))), ''));
}

/** `depth` levels of arrays or objects as text (up to 500,000 levels, built without recursion), optionally inside a command body. */
export function deepText(depth: number, kind: '[' | '{', wrap: boolean): string {
  const inner = kind === '[' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
  return wrap ? `{"commandId":"00000000-0000-4000-8000-000000000002","type":"PostMessage","data":${inner}}` : inner;
}

export function httpCases(routes: string[], ids: HttpIds): fc.Arbitrary<HttpCase> {
  const route = fc.constantFrom(...routes);
  const common = fc.record({ route, contentType: CONTENT_TYPES, contentEncoding: ENCODINGS, chunked: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }), auth: AUTH });
  const withBody = <T>(arb: fc.Arbitrary<T>, make: (c: { route: string }, x: T) => Pick<HttpCase, 'how' | 'body'> & Partial<Pick<HttpCase, 'contentEncoding'>>) =>
    fc.tuple(common, arb, fc.oneof({ weight: 12, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...BAD_PATHS) })).map(
      ([c, x, badPath]): HttpCase => ({ ...c, badPath: c.route.includes('{debateId}') ? badPath : null, ...make(c, x) }),
    );
  const baseOf = (r: string, pick: number) => {
    const bases = ROUTES[r]!.bases(ids);
    return bases[pick % bases.length]!;
  };
  const text = (v: unknown) => JSON.stringify(materialize(v)) ?? 'null';
  return fc.oneof(
    { weight: 15, arbitrary: withBody(junk, (_c, v) => ({ how: 'json value', body: () => text(v) })) },
    {
      weight: 35,
      arbitrary: withBody(
        fc.record({ pick: fc.nat(), pathPick: fc.nat(), how: fc.constantFrom<Mutation>('replace', 'replace', 'replace', 'remove', 'extra'), value: junk, extraKey: nastyString }),
        (c, m) => {
          const base = baseOf(c.route, m.pick);
          const paths = pathsOf(base);
          return { how: m.how, body: () => text(mutate(base, paths[m.pathPick % paths.length]!, m.how, m.value, m.extraKey)) };
        },
      ),
    },
    {
      weight: 6,
      arbitrary: withBody(fc.record({ pick: fc.nat(), pathPick: fc.nat(), value: longString }), (c, m) => {
        const base = baseOf(c.route, m.pick);
        const paths = pathsOf(base);
        return { how: 'near limit', body: () => text(mutate(base, paths[m.pathPick % paths.length]!, 'replace', m.value, '')) };
      }),
    },
    {
      weight: 4,
      arbitrary: withBody(fc.record({ pick: fc.nat(), delta: fc.constantFrom(-64, -1, 0, 1, 64, 4_096, 1_000_000) }), (c, m) => {
        const limit = ROUTES[c.route]!.limit;
        return { how: 'size limit', body: () => sized(baseOf(c.route, m.pick), limit + m.delta) };
      }),
    },
    {
      weight: 10,
      arbitrary: withBody(fc.record({ pick: fc.nat(), pathPick: fc.nat(), value: pollutionObject }), (c, m) => {
        const base = baseOf(c.route, m.pick);
        const objects = [[], ...pathsOf(base).filter((p) => { const v = p.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], base); return v !== null && typeof v === 'object' && !Array.isArray(v); })];
        return { how: 'pollute', body: () => text(mutate(base, [...objects[m.pathPick % objects.length]!, '_'], 'pollute', m.value, '')) };
      }),
    },
    {
      weight: 3,
      // The same keys spelled with escapes: only a parser sees that they are __proto__ / constructor.
      arbitrary: withBody(fc.record({ pick: fc.nat(), key: fc.constantFrom('__pro\\u0074o__', '\\u005f_proto__', 'constructo\\u0072', 'prototyp\\u0065') }), (c, m) => {
        const body = JSON.stringify(baseOf(c.route, m.pick));
        return { how: 'escaped proto', body: `{"${m.key}":{"polluted":true},${body.slice(1)}` };
      }),
    },
    {
      weight: 6,
      arbitrary: withBody(
        fc.oneof(
          deepValue.map((v) => ({ lazy: v, text: null as null | { depth: number; kind: '[' | '{'; wrap: boolean } })),
          fc.record({ depth: fc.constantFrom(33, 500, 5_000, 100_000, 150_000, 500_000), kind: fc.constantFrom<'[' | '{'>('[', '{'), wrap: fc.boolean() }).map((t) => ({ lazy: null, text: t })),
        ),
        (c, d) => ({
          how: 'deep',
          body: d.text
            ? () => deepText(d.text!.kind === '{' ? Math.min(d.text!.depth, 150_000) : d.text!.depth, d.text!.kind, d.text!.wrap)
            : () => text(mutate(baseOf(c.route, 0), ['deep'], 'replace', d.lazy, '')),
        }),
      ),
    },
    {
      weight: 8,
      arbitrary: withBody(
        fc.oneof(
          fc.constantFrom(...INVALID_JSON),
          nastyString,
          fc.record({ pick: fc.nat(), cut: fc.nat() }).map(({ pick, cut }) => ({ pick, cut })),
        ),
        (c, v) => {
          if (typeof v === 'string') return { how: 'invalid json', body: v };
          const whole = JSON.stringify(baseOf(c.route, v.pick));
          return { how: 'invalid json', body: whole.slice(0, 1 + (v.cut % (whole.length - 1))) };
        },
      ),
    },
    { weight: 3, arbitrary: withBody(fc.uint8Array({ minLength: 1, maxLength: 200 }), (_c, bytes) => ({ how: 'bytes', body: bytes })) },
    {
      weight: 4,
      // Compressed as the header says: a broken body, or one that inflates far past the route's limit.
      arbitrary: withBody(
        fc.record({ pick: fc.nat(), pathPick: fc.nat(), value: junk, encoding: fc.constantFrom<Encoding>('gzip', 'deflate', 'br'), bomb: fc.boolean() }),
        (c, m) => {
          const base = baseOf(c.route, m.pick);
          const paths = pathsOf(base);
          const plain = m.bomb
            ? () => `{"a":"${'x'.repeat(ROUTES[c.route]!.limit * 8)}"}`
            : () => text(mutate(base, paths[m.pathPick % paths.length]!, 'replace', m.value, ''));
          return { how: m.bomb ? 'zip bomb' : 'compressed', contentEncoding: m.encoding, body: () => compress(m.encoding, Buffer.from(plain())) };
        },
      ),
    },
  );
}

type Encoding = 'gzip' | 'deflate' | 'br';
const compress = (encoding: Encoding, bytes: Buffer): Buffer =>
  encoding === 'gzip' ? zlib.gzipSync(bytes) : encoding === 'deflate' ? zlib.deflateSync(bytes) : zlib.brotliCompressSync(bytes);
/** The body as body-parser inflates it (at most `limit + 1` bytes), or null when it does not inflate. */
function inflate(encoding: string, bytes: Buffer, limit: number): Buffer | null {
  const options = { maxOutputLength: limit + 1 };
  try {
    if (encoding === 'gzip') return zlib.gunzipSync(bytes, options);
    if (encoding === 'deflate') return zlib.inflateSync(bytes, options);
    if (encoding === 'br') return zlib.brotliDecompressSync(bytes, options);
  } catch {
    // corrupt, or larger than the limit
  }
  return null;
}

export const bodyBytes = (c: HttpCase): Buffer => {
  const body = typeof c.body === 'function' ? c.body() : c.body;
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
};

/**
 * What express.json hands the route: a parsed body, `undefined` (not JSON by its content type), or
 * `refused` (not JSON, a charset or encoding it refuses, over the limit). Mirrors body-parser:
 * strict mode (an object or array first), an empty body is `{}`; leans to "parsed" where unsure.
 */
export function asParsed(c: HttpCase, raw: Buffer): { body: unknown } | 'refused' {
  const limit = ROUTES[c.route]!.limit;
  const bytes = c.contentEncoding === null ? raw : inflate(c.contentEncoding, raw, limit);
  if (bytes === null || bytes.length > limit) return 'refused';
  const [mime = '', ...params] = (c.contentType ?? '').split(';').map((s) => s.trim().toLowerCase());
  // When in doubt the body counts as parsed (a case that might be accepted is not sent).
  if (!mime.includes('json') && !mime.includes('*')) return { body: undefined };
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length);
  if (charset !== undefined && charset !== 'utf-8') return 'refused';
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.length === 0) return { body: {} };
  if (!['[', '{'].includes(text.trimStart()[0] ?? '')) return 'refused';
  try {
    return { body: JSON.parse(text) };
  } catch {
    return 'refused';
  }
}

/** Whether the server may accept the case (then it is not sent); every case sent must be refused. */
export function mayAccept(c: HttpCase, bytes: Buffer): boolean {
  const spec = ROUTES[c.route]!;
  if (c.badPath !== null || (spec.auth && c.auth !== 'token')) return false;
  const parsed = asParsed(c, bytes);
  if (parsed === 'refused') return false;
  // The rule: a pollution key anywhere is refused, whatever the schema would strip.
  if (hasForbiddenKey(parsed.body)) return false;
  return spec.mayAccept(parsed.body);
}

export interface HttpAnswer {
  status: number;
  body: unknown;
  /** A transport failure (reset, hang-up) or a timeout instead of an answer. */
  failure: string | null;
  ms: number;
}

/** Sends one case raw (node:http, so any content type, encoding, size and chunking goes). */
export function sendCase(base: URL, c: HttpCase, bytes: Buffer, ids: HttpIds, timeoutMs: number): Promise<HttpAnswer> {
  const started = Date.now();
  const [method, template] = c.route.split(' ') as [string, string];
  const path = template.replace('{debateId}', c.badPath ?? ids.debateId);
  const headers: Record<string, string> = {};
  if (c.contentType !== null) headers['content-type'] = c.contentType;
  if (c.contentEncoding !== null) headers['content-encoding'] = c.contentEncoding;
  if (!c.chunked) headers['content-length'] = String(bytes.length);
  if (c.auth === 'token') headers.authorization = `Bearer ${ids.token}`;
  else if (c.auth === 'garbage token') headers.authorization = 'Bearer eyJhbGciOiJub25lIn0.e30.';
  else if (c.auth === 'not bearer') headers.authorization = 'Basic Zm9vOmJhcg==';
  return new Promise((resolve) => {
    let settled = false;
    const done = (a: Omit<HttpAnswer, 'ms'>) => {
      if (settled) return;
      settled = true;
      resolve({ ...a, ms: Date.now() - started });
    };
    const req = http.request({ host: base.hostname, port: base.port, method, path, headers, agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON: kept as text, and the shape check fails
        }
        done({ status: res.statusCode ?? 0, body, failure: null });
      });
      res.on('error', (e) => done({ status: res.statusCode ?? 0, body: null, failure: `response: ${e.message}` }));
    });
    req.on('timeout', () => {
      done({ status: 0, body: null, failure: `no answer within ${timeoutMs} ms` });
      req.destroy();
    });
    // The server may answer (413) and close before reading all of a big body: the answer counts.
    req.on('error', (e) => setTimeout(() => done({ status: 0, body: null, failure: `request: ${e.message}` }), 200));
    if (c.chunked) {
      for (let i = 0; i < bytes.length; i += 64 * 1024) req.write(bytes.subarray(i, i + 64 * 1024));
      req.end();
    } else req.end(bytes);
  });
}
