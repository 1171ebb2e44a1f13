// The one path every client event takes: ack present → one argument → rate limit → payload
// checks → zod schema → handler → ack. Nothing a client sends can throw past this function or
// leave a promise rejected without a handler.
import { HttpError, type Logger } from '@booktalk/api';
import { type AckError, type ClientEventName, type ClientEventPayload, clientEvents, toIssues } from '@booktalk/contracts';
import { toAckError } from './errors.ts';
import type { SignalingMetrics } from './metrics.ts';
import { payloadProblem, payloadSize } from './payload.ts';
import type { WriteBudget } from './ports.ts';
import type { LocalSocketState, ServerSocket } from './socketState.ts';

export type EventHandler<E extends ClientEventName> = (payload: ClientEventPayload<E>) => Promise<Record<string, unknown>>;
export type EventHandlers = { [E in ClientEventName]: EventHandler<E> };

export interface DispatchDeps {
  metrics: SignalingMetrics;
  logger: Logger;
  isClosing: () => boolean;
  /** The account's write budget, shared with its HTTP requests; unlimited when omitted. */
  writeBudget?: WriteBudget;
}

/**
 * Client events that write events to the store (commands, a voice session's start and its rejoin
 * attempts, link reports, stage publishing and listening): each spends one unit of the account's
 * write budget. Leaving is not among them: a refused leave would keep a person in a voice room
 * they left, and leaves are bounded by the joins before them.
 */
export const WRITE_EVENTS: ReadonlySet<ClientEventName> = new Set<ClientEventName>(['C_COMMAND', 'C_VOICE_JOIN', 'C_VOICE_LINK', 'C_STAGE_PUBLISH', 'C_STAGE_SUBSCRIBE']);

type Ack = (reply: unknown) => void;

const splitAck = (args: unknown[]): { ack: Ack | null; rest: unknown[] } => {
  const last = args.at(-1);
  return typeof last === 'function' ? { ack: last as Ack, rest: args.slice(0, -1) } : { ack: null, rest: args };
};

export function registerClientEvents(socket: ServerSocket, state: LocalSocketState, handlers: EventHandlers, deps: DispatchDeps): void {
  const { metrics, logger } = deps;
  const accountId = state.identity.accountId;

  const refuse = (ack: Ack | null, reply: AckError) => {
    metrics.refused.inc({ reason: reply.error.code });
    ack?.(reply);
  };

  /** Rate limit first (it also guards the cost of the checks below); false when the message stops here. */
  const admitted = (event: string, args: unknown[], ack: Ack | null): boolean => {
    const verdict = state.limiter.take(payloadSize(args));
    if (verdict === 'ok') return true;
    refuse(ack, { ok: false, error: { code: 'RATE_LIMITED', message: 'Too many messages: slow down' } });
    if (verdict === 'abusive') {
      logger.warn({ accountId, socketId: socket.id, event }, 'socket far over its rate limit: disconnected');
      socket.disconnect(true);
    } else {
      logger.info({ accountId, socketId: socket.id, event }, 'socket over its rate limit');
    }
    return false;
  };

  const run = async <E extends ClientEventName>(event: E, rawArgs: unknown[]) => {
    const { ack, rest } = splitAck(rawArgs);
    metrics.received.inc({ event });
    if (!admitted(event, rest, ack)) return;
    if (!ack) {
      // Nothing to answer: the protocol requires an ack callback on every client event.
      metrics.refused.inc({ reason: 'NO_ACK' });
      logger.debug({ accountId, event }, 'client event without an ack: dropped');
      return;
    }
    if (deps.isClosing()) return refuse(ack, { ok: false, error: { code: 'SHUTTING_DOWN', message: 'This node is shutting down: reconnect' } });
    if (rest.length !== 1) return refuse(ack, { ok: false, error: { code: 'INVALID_PAYLOAD', message: `${event} takes exactly one payload object` } });
    const problem = payloadProblem(rest[0]);
    if (problem) return refuse(ack, { ok: false, error: { code: 'INVALID_PAYLOAD', message: problem } });
    const parsed = clientEvents[event].safeParse(rest[0]);
    if (!parsed.success) {
      return refuse(ack, toAckError(new HttpError(400, 'VALIDATION_FAILED', `Invalid ${event} payload`, toIssues(parsed.error))).ack);
    }
    if (deps.writeBudget && WRITE_EVENTS.has(event)) {
      const spent = deps.writeBudget(accountId);
      if (!spent.ok) {
        logger.info({ accountId, socketId: socket.id, event }, 'account over its write budget');
        const seconds = Math.ceil(spent.retryAfterMs / 1000);
        return refuse(ack, { ok: false, error: { code: 'RATE_LIMITED', message: `Too many writes for this account (HTTP and sockets together): retry in ${seconds} s` } });
      }
    }
    try {
      const result = await (handlers[event] as EventHandler<E>)(parsed.data as ClientEventPayload<E>);
      ack({ ...result, ok: true });
    } catch (error) {
      const { ack: reply, fault } = toAckError(error);
      if (fault) logger.error({ err: error, accountId, event }, 'client event failed');
      refuse(ack, reply);
    }
  };

  for (const event of Object.keys(clientEvents) as ClientEventName[]) {
    socket.on(event, (...args: unknown[]) => {
      run(event, args).catch((error: unknown) => logger.error({ err: error, accountId, event }, 'client event handling failed'));
    });
  }
  socket.onAny((event: unknown, ...args: unknown[]) => {
    if (typeof event === 'string' && Object.hasOwn(clientEvents, event)) return;
    const { ack, rest } = splitAck(args);
    metrics.received.inc({ event: 'unknown' });
    if (!admitted('unknown', rest, ack)) return;
    refuse(ack, { ok: false, error: { code: 'UNKNOWN_EVENT', message: `Unknown event ${JSON.stringify(String(event)).slice(0, 80)}` } });
  });
}
