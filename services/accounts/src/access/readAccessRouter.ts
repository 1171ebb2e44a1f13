// Guards for the reads that are not public: the moderation audit (`/api/audit`, `.csv`) and a
// debate's raw event stream. Mounted in front of the command and query routers; a refusal is an
// HttpError rendered by the app's error handler, and nothing is read or written past it.
import { HttpError, bearerToken } from '@booktalk/api';
import { type Request, Router } from 'express';
import type pg from 'pg';
import type { Sessions } from '../sessions/sessions.ts';
import { type DebateRoles, type Guarded, type Reader, mayRead } from './readAccess.ts';

export interface ReadAccessOptions {
  pool: pg.Pool;
  sessions: Sessions;
  isAdmin: (accountId: string) => boolean;
  /** The debate_state read model (its `state` jsonb holds hostId and moderators). */
  debateStateTable: string;
}

export function createReadAccessRouter({ pool, sessions, isAdmin, debateStateTable }: ReadAccessOptions): Router {
  const router = Router();

  const readerOf = (req: Request): Reader | null => {
    const token = bearerToken(req.get('authorization'));
    if (token === null) return null;
    const who = sessions.verify(token);
    return { accountId: who.accountId, kind: who.kind, admin: who.kind === 'account' && isAdmin(who.accountId) };
  };

  const rolesOf = async (debateId: string): Promise<DebateRoles | null> => {
    const { rows } = await pool.query<{ host_id: string | null; moderators: string[] | null }>(
      `SELECT state->>'hostId' AS host_id, ARRAY(SELECT jsonb_array_elements_text(state->'moderators')) AS moderators
       FROM ${debateStateTable} WHERE debate_id = $1`,
      [debateId],
    );
    const row = rows[0];
    return row ? { hostId: row.host_id ?? '', moderators: row.moderators ?? [] } : null;
  };

  const guard = (targetOf: (req: Request) => Guarded) => async (req: Request, _res: unknown, next: () => void) => {
    const reader = readerOf(req);
    const target = targetOf(req);
    const roles = reader && !reader.admin && target.debateId !== null ? await rolesOf(target.debateId) : null;
    const decision = mayRead(target, reader, roles);
    if (!decision.ok) throw new HttpError(decision.code === 'UNAUTHENTICATED' ? 401 : 403, decision.code, decision.message);
    next();
  };

  const auditTarget = (req: Request): Guarded => {
    const debateId = (req.query as Record<string, unknown>).debateId;
    return { resource: 'audit', debateId: typeof debateId === 'string' ? debateId : null };
  };
  router.get('/api/audit', guard(auditTarget));
  router.get('/api/audit.csv', guard(auditTarget));
  router.get('/api/debates/:debateId/events', guard((req) => ({ resource: 'events', debateId: String(req.params.debateId) })));
  return router;
}
