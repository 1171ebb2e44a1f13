// Compact HS256 JWTs on node:crypto. Verification is on the hot path of every request and every
// socket handshake: a synchronous HMAC with a key object made once, compared in constant time.
// Only our own header is accepted, so there is no algorithm to negotiate ("none", RS/HS confusion).
import { type KeyObject, createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
/** Far larger than any token we issue: refuse early instead of hashing megabytes. */
const MAX_TOKEN_LENGTH = 4096;

export interface TokenClaims {
  iss: string;
  aud: string;
  sub: string;
  iat: number;
  exp: number;
  [claim: string]: unknown;
}

export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidTokenError';
  }
}

export interface Hs256 {
  sign(claims: TokenClaims): string;
  /** The claims of a token we signed, still valid at `nowSeconds`; throws InvalidTokenError otherwise. */
  verify(token: string, nowSeconds: number): TokenClaims;
}

export function hs256(secret: string, expected: { issuer: string; audience: string }): Hs256 {
  if (secret.length < 32) throw new Error('The session signing secret must be at least 32 characters');
  const key: KeyObject = createSecretKey(Buffer.from(secret, 'utf8'));
  const mac = (signingInput: string) => createHmac('sha256', key).update(signingInput).digest();

  return {
    sign(claims) {
      const signingInput = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
      return `${signingInput}.${mac(signingInput).toString('base64url')}`;
    },
    verify(token, nowSeconds) {
      if (token.length > MAX_TOKEN_LENGTH) throw new InvalidTokenError('token too long');
      const first = token.indexOf('.');
      const second = token.indexOf('.', first + 1);
      if (first < 0 || second < 0 || token.indexOf('.', second + 1) >= 0) throw new InvalidTokenError('not a compact JWT');
      if (token.slice(0, first) !== HEADER) throw new InvalidTokenError('unexpected header');
      // The signature text itself is compared, so a differently padded encoding of it is refused too.
      const given = Buffer.from(token.slice(second + 1), 'latin1');
      const wanted = Buffer.from(mac(token.slice(0, second)).toString('base64url'), 'latin1');
      if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) throw new InvalidTokenError('bad signature');
      let claims: TokenClaims;
      try {
        claims = JSON.parse(Buffer.from(token.slice(first + 1, second), 'base64url').toString('utf8')) as TokenClaims;
      } catch {
        throw new InvalidTokenError('payload is not JSON');
      }
      if (typeof claims !== 'object' || claims === null) throw new InvalidTokenError('payload is not an object');
      if (claims.iss !== expected.issuer || claims.aud !== expected.audience) throw new InvalidTokenError('wrong issuer or audience');
      if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) throw new InvalidTokenError('expired');
      if (typeof claims.sub !== 'string') throw new InvalidTokenError('no subject');
      return claims;
    },
  };
}
