// Who may connect: browsers from the server's own origin or the CORS allow-list (clients without
// an Origin header are not browsers and pass), and only with a valid session token in auth.token.
import type { IncomingMessage } from 'node:http';
import type { Identity, VerifyToken } from './ports.ts';

export const AUTH_REQUIRED = 'Authentication required';
const MAX_TOKEN_CHARS = 8_192;

export function originAllowed(req: IncomingMessage, corsOrigins: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (corsOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** The identity behind the handshake's token, or null (the connection is then refused). */
export async function identify(auth: unknown, verifyToken: VerifyToken): Promise<Identity | null> {
  const token = typeof auth === 'object' && auth !== null ? (auth as { token?: unknown }).token : undefined;
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_CHARS) return null;
  try {
    const identity = await verifyToken(token);
    if (typeof identity?.accountId !== 'string' || identity.accountId.length === 0) return null;
    return identity;
  } catch {
    return null;
  }
}
