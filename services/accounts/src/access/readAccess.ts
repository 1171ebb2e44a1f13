// Who may read what, as a pure decision. The moderation audit and a debate's raw event stream are
// for site admins and, per debate, its host and moderators; every other read of a public debate
// is public (the routes that are not listed here are not guarded at all).
import type { IdentityKind } from '@booktalk/contracts';

export interface Reader {
  accountId: string;
  kind: IdentityKind;
  admin: boolean;
}

/** The debate's people with moderation rights, from its projected state. */
export interface DebateRoles {
  hostId: string;
  moderators: readonly string[];
}

export type Guarded = { resource: 'audit'; debateId: string | null } | { resource: 'events'; debateId: string };

export type AccessDecision = { ok: true } | { ok: false; code: 'FORBIDDEN' | 'UNAUTHENTICATED'; message: string };

export function mayRead(target: Guarded, reader: Reader | null, roles: DebateRoles | null): AccessDecision {
  if (reader?.admin) return { ok: true };
  const name = target.resource === 'audit' ? 'The moderation audit' : "A debate's raw event stream";
  // No token at all: "sign in" (401), not "not for you" (403), which would tell a client that no
  // session could ever read it.
  if (reader === null) return { ok: false, code: 'UNAUTHENTICATED', message: `${name} needs a session: Authorization: Bearer <token> (POST /api/session)` };
  if (target.debateId === null) {
    return { ok: false, code: 'FORBIDDEN', message: `${name} of all debates is for site admins; add debateId=… for a debate you host or moderate` };
  }
  const moderates = reader !== null && roles !== null && (roles.hostId === reader.accountId || roles.moderators.includes(reader.accountId));
  return moderates ? { ok: true } : { ok: false, code: 'FORBIDDEN', message: `${name} of this debate is for its host, its moderators and site admins` };
}
