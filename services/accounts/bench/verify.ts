// Access-token verification cost: jose's jwtVerify (async WebCrypto HMAC) against the node:crypto
// HS256 of src/tokens/hs256.ts, on the same token. `npx tsx bench/verify.ts [iterations]`.
import { jwtVerify } from 'jose';
import { hs256 } from '../src/tokens/hs256.ts';

const N = Number(process.argv[2] ?? 100_000);
const secret = 'bench-secret-that-is-long-enough-for-hs256';
const now = Math.floor(Date.now() / 1000);
const signer = hs256(secret, { issuer: 'booktalk', audience: 'booktalk-api' });
const token = signer.sign({ iss: 'booktalk', aud: 'booktalk-api', sub: 'u_0123456789abcdef', sid: 's_0123456789abcdef01234567', kind: 'account', name: 'Ada Lovelace', iat: now, exp: now + 900 });
const key = new TextEncoder().encode(secret);

const measure = async (name: string, verify: () => unknown) => {
  for (let i = 0; i < 2000; i++) await verify();
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < N; i++) await verify();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  console.log(`${name.padEnd(28)} ${((wall * 1000) / N).toFixed(2).padStart(7)} µs/verify wall  ${((used.user + used.system) / N).toFixed(2).padStart(7)} µs CPU`);
};

await measure('jose jwtVerify', () => jwtVerify(token, key, { algorithms: ['HS256'], issuer: 'booktalk', audience: 'booktalk-api' }));
await measure('node:crypto hs256 (sync)', () => signer.verify(token, now));
