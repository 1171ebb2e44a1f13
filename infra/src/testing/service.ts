// Shared types + the skip-or-fail policy for tests that need a real service.

export interface ServiceUnavailable {
  available: false;
  reason: string;
}

function onCi(): boolean {
  const ci = process.env.CI?.toLowerCase();
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

/**
 * Under CI a missing service is a failure (throws, naming it); locally it is a skip: warns the
 * reason and returns null, so a test file can write
 *   const pg = requireService(await postgresForTests()); describe.skipIf(!pg)(...)
 */
export function requireService<T>(s: T | ServiceUnavailable, service?: string): T | null {
  if (typeof s === 'object' && s !== null && 'available' in s && s.available === false) {
    const msg = service && !s.reason.startsWith(service) ? `${service} unavailable: ${s.reason}` : s.reason;
    if (onCi()) throw new Error(`${msg} (CI=${process.env.CI}: real services are required)`);
    console.warn(`[skip] ${msg}`);
    return null;
  }
  return s as T;
}
