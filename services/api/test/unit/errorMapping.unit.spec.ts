import { DomainError } from '@booktalk/domain';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConcurrencyError, toHttpError } from '../../src/index.ts';

describe('toHttpError', () => {
  it('maps domain kinds to 403 / 404 / 409 / 422 with the domain code', () => {
    expect(toHttpError(new DomainError('NOT_MODERATOR', 'no'))).toMatchObject({ status: 403, code: 'NOT_MODERATOR' });
    expect(toHttpError(new DomainError('DEBATE_NOT_FOUND', 'no'))).toMatchObject({ status: 404, code: 'DEBATE_NOT_FOUND' });
    expect(toHttpError(new DomainError('DEBATE_EXISTS', 'no'))).toMatchObject({ status: 409, code: 'DEBATE_EXISTS' });
    expect(toHttpError(new DomainError('QUEUE_EMPTY', 'no'))).toMatchObject({ status: 422, code: 'QUEUE_EMPTY' });
  });

  it('maps concurrency, zod, body-parser and unknown errors', () => {
    expect(toHttpError(new ConcurrencyError('d1', 6))).toMatchObject({ status: 409, code: 'CONCURRENCY_CONFLICT' });
    const zodError = z.object({ a: z.string() }).safeParse({}).error!;
    expect(toHttpError(zodError)).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', issues: [{ path: ['a'] }] });
    expect(toHttpError({ type: 'entity.parse.failed', status: 400 })).toMatchObject({ status: 400, code: 'INVALID_JSON' });
    expect(toHttpError({ type: 'entity.too.large', status: 413 })).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(toHttpError(new Error('boom'))).toMatchObject({ status: 500, code: 'INTERNAL', message: expect.not.stringContaining('boom') });
  });

  it('maps a body that does not decompress and a path that does not percent-decode to 400 BAD_REQUEST', () => {
    // As body-parser hands on zlib's error (http-errors' status and expose, no type) and the router its URIError.
    const zlib = Object.assign(new Error('incorrect header check'), { code: 'Z_DATA_ERROR', errno: -3, status: 400, statusCode: 400, expose: true });
    expect(toHttpError(zlib)).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    const uri = Object.assign(new URIError("Failed to decode param '%'"), { status: 400, statusCode: 400 });
    expect(toHttpError(uri)).toMatchObject({ status: 400, code: 'BAD_REQUEST', message: "Failed to decode param '%'" });
    expect(toHttpError(new URIError('URI malformed'))).toMatchObject({ status: 500, code: 'INTERNAL' });
  });
});
