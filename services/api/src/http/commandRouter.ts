// The command side over HTTP: sessions, creating debates, sending commands, the raw stream.
import { CommandId, type DebateCommand, debateStreamId, isSignalingOnlyCommand } from '@booktalk/contracts';
import type { Actor } from '@booktalk/domain';
import type { EventStore } from '@booktalk/eventstore';
import { type Request, type Response, Router } from 'express';
import { type CommandHandler, debateIdForCreate } from '../commandHandling/index.ts';
import type { Auth } from './auth.ts';
import { jsonBody } from './forbiddenKeys.ts';
import { HttpError } from './httpError.ts';
import {
  CommandRequest,
  type CommandResponse,
  CreateDebateRequest,
  type CreateDebateResponse,
  DebateIdParam,
  EventsQuery,
  type EventsResponse,
  SessionRequest,
  type SessionResponse,
} from './schemas.ts';
import { storedEventBody } from './serialize.ts';
import { parseOr400 } from './validate.ts';

export interface CommandRouterOptions {
  handler: CommandHandler;
  store: EventStore;
  auth: Auth;
  /** Largest accepted JSON body (default 1 MB, as the signaling relay). */
  bodyLimit?: string | number;
}

const actorOf = (res: Response): Actor => res.locals.actor as Actor;

/**
 * A caller's correlation id is kept in the metadata of every event the command writes, where no
 * erasure reaches: so it must be a UUID (like the command id), which can hold no words of anyone's.
 */
const correlationIdOf = (req: Request): string | undefined => {
  const value = req.get('x-correlation-id');
  if (value === undefined) return undefined;
  if (!CommandId.safeParse(value).success) throw new HttpError(400, 'VALIDATION_FAILED', 'X-Correlation-Id must be a UUID');
  return value;
};

export function createCommandRouter({ handler, store, auth, bodyLimit = '1mb' }: CommandRouterOptions): Router {
  const router = Router();
  // Per route, not router-wide: other routers mounted next to this one keep their own body handling.
  const json = jsonBody({ limit: bodyLimit });

  router.post('/api/session', json, async (req, res) => {
    const { displayName } = parseOr400(SessionRequest, req.body);
    const { token, accountId } = await auth.issueSession(displayName);
    const body: SessionResponse = { ok: true, token, accountId, displayName };
    res.json(body);
  });

  router.post('/api/debates', auth.requireActor, json, async (req, res) => {
    const { commandId, ...data } = parseOr400(CreateDebateRequest, req.body);
    // Derived from the command id: a retried create finds its own debate instead of making a second one.
    const debateId = debateIdForCreate(commandId);
    auth.authorizeCommand?.(actorOf(res), { type: 'CreateDebate', data });
    const result = await handler.handle({
      debateId,
      commandId,
      command: { type: 'CreateDebate', data },
      actor: actorOf(res),
      correlationId: correlationIdOf(req),
    });
    const body: CreateDebateResponse = {
      ok: true,
      debateId,
      position: result.position.toString(),
      version: result.version,
      duplicate: result.duplicate,
    };
    res.status(201).location(`/api/debates/${debateId}`).json(body);
  });

  router.post('/api/debates/:debateId/commands', auth.requireActor, json, async (req, res) => {
    const { debateId } = parseOr400(DebateIdParam, req.params, 'debate id');
    const { commandId, ...command } = parseOr400(CommandRequest, req.body);
    // The voice lifecycle is what sockets did: only the signaling node records it.
    if (isSignalingOnlyCommand(command.type)) throw new HttpError(403, 'SIGNALING_ONLY', `${command.type} is recorded by the signaling node, not sent by clients`);
    auth.authorizeCommand?.(actorOf(res), command);
    const result = await handler.handle({
      debateId,
      commandId,
      command: command as DebateCommand,
      actor: actorOf(res),
      correlationId: correlationIdOf(req),
    });
    const body: CommandResponse = { ok: true, position: result.position.toString(), version: result.version, duplicate: result.duplicate };
    res.json(body);
  });

  router.get('/api/debates/:debateId/events', async (req, res) => {
    const { debateId } = parseOr400(DebateIdParam, req.params, 'debate id');
    const { from } = parseOr400(EventsQuery, req.query, 'query');
    const streamId = debateStreamId(debateId);
    const events = await store.readStream(streamId, from);
    // An empty page past the end of an existing stream is not a 404: check the stream itself.
    const version = events.at(-1)?.version ?? (await handler.loadDebateState(debateId)).version;
    if (version < 0) throw new HttpError(404, 'DEBATE_NOT_FOUND', `No debate ${debateId}`);
    const body: EventsResponse = { ok: true, debateId, streamId, version, events: events.map(storedEventBody) };
    res.json(body);
  });

  return router;
}
