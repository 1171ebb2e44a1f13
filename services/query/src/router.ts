// The read API: every route of issue 4, mounted with full /api paths so `app.use(router)` is
// all the host app does. Reads come from the read models only, except the state-at-an-instant
// fold, which reads the debate's stream.
import { type ViewReader, seesHiddenMessages } from '@booktalk/contracts';
import type { EventStore } from '@booktalk/eventstore';
import { type Request, type Response, Router } from 'express';
import type pg from 'pg';
import { HttpError, notFound as debateNotFound, parseOr400 } from '@booktalk/api';
import { AuditQuery, DebateParams, LobbyQuery, StateAtQuery, TimelineQuery } from './http/schemas.ts';
import { openApiDocument } from './openapi/document.ts';
import { loadSpeakingTime, loadVoice, loadVotes } from './read/analytics.ts';
import { auditPage, auditRows, csvHeader, csvLine } from './read/audit.ts';
import { debateExists, debateFormat, listDebates, moderationOf, projectedState } from './read/debates.ts';
import { timelinePage } from './read/timeline.ts';
import { type Instant, stateAt } from './replay/stateAt.ts';

export interface QueryRouterOptions {
  pool: pg.Pool;
  store: EventStore;
  /**
   * Who reads (the bearer token's account, and whether it is a site admin); null when anonymous or
   * the token does not verify. Only decides whether hidden messages are shown: every read here
   * stays public. Without it every reader is anonymous.
   */
  readerOf?: (req: Request) => ViewReader | null;
}

// Errors go to the app's one error handler (@booktalk/api's createErrorHandler, mounted last).
const parseQuery = <S extends Parameters<typeof parseOr400>[0]>(schema: S, query: unknown) => parseOr400(schema, query, 'query string');
const idOf = (params: unknown) => parseOr400(DebateParams, params, 'debate id').id;

export function createQueryRouter({ pool, store, readerOf = () => null }: QueryRouterOptions): Router {
  const router = Router();
  const document = openApiDocument();

  router.get('/api/openapi.json', (_req, res) => {
    res.json(document);
  });

  router.get('/api/debates', async (req, res) => {
    res.json(await listDebates(pool, parseQuery(LobbyQuery, req.query)));
  });

  router.get('/api/debates/:id', async (req, res) => {
    const id = idOf(req.params);
    const view = await projectedState(pool, id, readerOf(req));
    if (!view) throw debateNotFound(id);
    res.json(view);
  });

  router.get('/api/debates/:id/timeline', async (req, res) => {
    const id = idOf(req.params);
    const q = parseQuery(TimelineQuery, req.query);
    if (!(await debateExists(pool, id))) throw debateNotFound(id);
    const roles = await moderationOf(pool, id);
    res.json(await timelinePage(pool, id, q, roles !== null && seesHiddenMessages(roles, readerOf(req))));
  });

  router.get('/api/debates/:id/state', async (req, res) => {
    const id = idOf(req.params);
    const q = parseQuery(StateAtQuery, req.query);
    const instant: Instant =
      q.position !== undefined
        ? { position: BigInt(q.position) }
        : q.offsetMs !== undefined
          ? { offsetMs: q.offsetMs }
          : /^-?\d+$/.test(q.at!)
            ? { offsetMs: Number(q.at) }
            : { time: Date.parse(q.at!) };
    const view = await stateAt(pool, store, id, instant, readerOf(req));
    if (!view) throw debateNotFound(id);
    res.json(view);
  });

  router.get('/api/audit', async (req, res) => {
    const { cursor, limit, ...filters } = parseQuery(AuditQuery, req.query);
    res.json(await auditPage(pool, filters, cursor, limit));
  });

  router.get('/api/audit.csv', async (req, res) => {
    const { cursor: _c, limit: _l, ...filters } = parseQuery(AuditQuery, req.query);
    res.type('text/csv; charset=utf-8').attachment('moderation-audit.csv');
    res.write(csvHeader);
    for await (const item of auditRows(pool, filters)) {
      // Honour back-pressure: a slow client must not make us buffer the whole export.
      if (!res.write(csvLine(item))) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  });

  const analytics = <T>(load: (id: string, format: 'oxford' | 'free') => Promise<T>) =>
    async (req: Request, res: Response) => {
      const id = idOf(req.params);
      if (Object.keys(req.query as object).length > 0) {
        throw new HttpError(400, 'VALIDATION_FAILED', 'This endpoint takes no query parameters');
      }
      const format = await debateFormat(pool, id);
      if (!format) throw debateNotFound(id);
      res.json(await load(id, format));
    };
  router.get('/api/debates/:id/analytics/speaking-time', analytics((id, format) => loadSpeakingTime(pool, id, format)));
  router.get('/api/debates/:id/votes', analytics((id) => loadVotes(pool, id)));
  router.get('/api/debates/:id/voice', analytics((id) => loadVoice(pool, id)));

  return router;
}
