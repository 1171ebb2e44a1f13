// The hand-written HS256 compact JWT: standard enough for jose to read, strict on everything else.
import { createHmac } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { hs256 } from '../src/tokens/hs256.ts';

const SECRET = 'unit-test-secret-that-is-long-enough!!';
const expected = { issuer: 'booktalk', audience: 'booktalk-api' };
const signer = hs256(SECRET, expected);
const NOW = 1_800_000_000;
const claims = { iss: 'booktalk', aud: 'booktalk-api', sub: 'u_1', sid: 's_1', kind: 'account', name: 'Ada', iat: NOW, exp: NOW + 900 };
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const macOf = (input: string, secret = SECRET) => createHmac('sha256', secret).update(input).digest('base64url');

describe('hs256 tokens', () => {
  it('verifies what it signed', () => {
    expect(signer.verify(signer.sign(claims), NOW)).toEqual(claims);
  });

  it('signs tokens that jose verifies', async () => {
    const { payload } = await jwtVerify(signer.sign(claims), new TextEncoder().encode(SECRET), {
      algorithms: ['HS256'],
      ...expected,
      currentDate: new Date(NOW * 1000),
    });
    expect(payload.sid).toBe('s_1');
  });

  it('verifies a token jose signed with the same key and header', async () => {
    const token = await new SignJWT({ sid: 's_2', kind: 'guest', name: 'G' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject('g_1')
      .setIssuer('booktalk')
      .setAudience('booktalk-api')
      .setIssuedAt(NOW)
      .setExpirationTime(NOW + 60)
      .sign(new TextEncoder().encode(SECRET));
    expect(signer.verify(token, NOW).sid).toBe('s_2');
  });

  it('refuses a changed payload', () => {
    const [h, , s] = signer.sign(claims).split('.');
    expect(() => signer.verify(`${h}.${b64({ ...claims, sub: 'u_admin' })}.${s}`, NOW)).toThrow('bad signature');
  });

  it('refuses the "none" algorithm', () => {
    const h = b64({ alg: 'none', typ: 'JWT' });
    expect(() => signer.verify(`${h}.${b64(claims)}.`, NOW)).toThrow('unexpected header');
  });

  it('refuses a token signed with another key', () => {
    const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
    expect(() => signer.verify(`${input}.${macOf(input, 'another-secret-that-is-long-enough-too')}`, NOW)).toThrow('bad signature');
  });

  it('refuses an expired token', () => {
    expect(() => signer.verify(signer.sign(claims), NOW + 900)).toThrow('expired');
  });

  it('refuses another audience', () => {
    const other = hs256(SECRET, { issuer: 'booktalk', audience: 'elsewhere' });
    expect(() => other.verify(signer.sign(claims), NOW)).toThrow('wrong issuer or audience');
  });

  it('refuses garbage without throwing anything but InvalidTokenError', () => {
    for (const junk of ['', 'a', 'a.b', 'a.b.c.d', '..', 'x'.repeat(5000)]) expect(() => signer.verify(junk, NOW)).toThrow(/JWT|header|long/);
  });

  it('refuses a secret shorter than 32 characters', () => {
    expect(() => hs256('short', expected)).toThrow(/32 characters/);
  });
});
