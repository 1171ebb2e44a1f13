// Socket cases for the fuzz test: for every client event of the contracts, malformed payloads
// (anything at all, a valid payload with one field broken, pollution keys, deep nesting, binary,
// the wrong number of arguments) and unknown event names; and the oracle that says which of them
// the node must refuse (all the test sends: schema-valid samples are dropped before sending).
import { CommandRequest } from '@booktalk/api';
import { clientEventNames, clientEvents } from '@booktalk/contracts';
import fc from 'fast-check';
import { type Mutation, deepValue, hasBinary, hasForbiddenKey, junk, longString, materialize, mutate, nastyString, pathsOf, pollutionObject, viaJson } from './fuzzValues.ts';

export interface SocketIds {
  debateId: string;
  /** The sender (in the debate's voice room). */
  accountId: string;
  /** Another member of the voice room, for relays. */
  peerId: string;
  voteId: string;
}

/** One valid payload per client event (a commandId is filled in per case). */
export function validPayloads(ids: SocketIds): Record<string, Record<string, unknown>> {
  const { debateId, accountId, peerId } = ids;
  const relay = { debateId, fromId: accountId, toId: peerId };
  return {
    C_ROOM_SUBSCRIBE: { debateId },
    C_ROOM_UNSUBSCRIBE: { debateId },
    C_COMMAND: { debateId, commandId: '', type: 'RaiseHand', data: {} },
    C_VOICE_JOIN: { debateId, accountId, rejoinAttempt: 1 },
    C_VOICE_LEAVE: { debateId },
    C_VOICE_OFFER: { ...relay, sdp: 'v=0\r\n' },
    C_VOICE_ANSWER: { ...relay, sdp: 'v=0\r\n' },
    C_VOICE_ICE_CANDIDATE: { ...relay, candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host', sdpMid: '0', sdpMLineIndex: 0, usernameFragment: 'u' } },
    C_VOICE_LINK: { debateId, peerId, outcome: 'connected', connectMs: 10, attempt: 1, candidateType: 'host' },
    C_STAGE_PUBLISH: { debateId, jsep: { type: 'offer', sdp: 'v=0\r\n' } },
    C_STAGE_SUBSCRIBE: { debateId },
    C_STAGE_START: { debateId, jsep: { type: 'answer', sdp: 'v=0\r\n' } },
    C_STAGE_TRICKLE: { debateId, leg: 'publisher', candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host', sdpMid: '0' } },
    C_STAGE_LEAVE: { debateId, leg: 'subscriber' },
  };
}

/** Valid `{type, data}` of C_COMMAND to break inside `data`. */
export function validCommands(ids: SocketIds): { type: string; data: Record<string, unknown> }[] {
  return [
    { type: 'RaiseHand', data: {} },
    { type: 'PostMessage', data: { messageId: '00000000-0000-4000-8000-00000000f022', kind: 'chat', text: 'hello' } },
    { type: 'CastVote', data: { voteId: ids.voteId, option: 'yes' } },
    { type: 'OpenVote', data: { voteId: 'fuzz-vote', question: 'Is this fine?', options: ['yes', 'no'], kind: 'poll' } },
    { type: 'GrantTurn', data: { accountId: ids.peerId, durationMs: 60_000 } },
    { type: 'ExtendTurn', data: { ms: 5_000 } },
    { type: 'MuteParticipant', data: { accountId: ids.peerId, reason: 'fuzz' } },
    { type: 'UpdatePresentation', data: { content: 'notes' } },
    { type: 'JoinDebate', data: { role: 'audience' } },
    { type: 'AdvanceRound', data: { to: 'FREE' } },
  ];
}

export type SocketHow = 'anything' | Mutation | 'near limit' | 'deep' | 'binary' | 'no payload' | 'extra args' | 'unknown event';

/** A sampled case: cheap to hold (Lazy values inside); `materializeCase` builds what is sent. */
export interface SocketCase {
  event: string;
  how: SocketHow;
  /** The payload arguments (before the ack). */
  args: unknown[];
}

/** Names socket.io-client refuses to emit (its own events). */
const RESERVED = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);
const unknownEvent = fc.oneof(
  fc.constantFrom('error', 'toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf', 'c_command', 'C_COMMAND ', 'S_DEBATE_STATE', 'C_VOICE_JOINED', ''),
  nastyString.filter((e) => !Object.hasOwn(clientEvents, e)),
).filter((e) => !RESERVED.has(e));

export function socketCases(ids: SocketIds): fc.Arbitrary<SocketCase> {
  const valid = validPayloads(ids);
  const commands = validCommands(ids);
  const event = fc.constantFrom(...clientEventNames);
  /** A valid payload of `event` (for C_COMMAND one of several commands) with a fresh command id. */
  const base = (e: string, pick: number, commandId: string): Record<string, unknown> => {
    const payload = structuredClone(valid[e]!);
    if (e === 'C_COMMAND') Object.assign(payload, structuredClone(commands[pick % commands.length]!), { commandId });
    return payload;
  };
  const broken = fc
    .record({
      event,
      pick: fc.nat(),
      commandId: fc.uuid(),
      pathPick: fc.nat(),
      how: fc.constantFrom<Mutation>('replace', 'replace', 'replace', 'remove', 'extra'),
      value: junk,
      extraKey: nastyString,
    })
    .map(({ event: e, pick, commandId, pathPick, how, value, extraKey }): SocketCase => {
      const b = base(e, pick, commandId);
      const paths = pathsOf(b);
      return { event: e, how, args: [mutate(b, paths[pathPick % paths.length]!, how, value, extraKey)] };
    });
  const polluted = fc
    .record({ event, pick: fc.nat(), commandId: fc.uuid(), pathPick: fc.nat(), value: pollutionObject })
    .map(({ event: e, pick, commandId, pathPick, value }): SocketCase => {
      const b = base(e, pick, commandId);
      // Beside the top-level fields or inside a nested object (data, jsep, candidate).
      const objects = [[], ...pathsOf(b).filter((p) => isPlainObject(p.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], b)))];
      const at = objects[pathPick % objects.length]!;
      return { event: e, how: 'pollute', args: [mutate(b, [...at, '_'], 'pollute', value, '')] };
    });
  const deep = fc
    .record({ event, pick: fc.nat(), commandId: fc.uuid(), pathPick: fc.nat(), value: deepValue })
    .map(({ event: e, pick, commandId, pathPick, value }): SocketCase => {
      const b = base(e, pick, commandId);
      const paths = pathsOf(b);
      return { event: e, how: 'deep', args: [mutate(b, paths[pathPick % paths.length]!, 'replace', value, '')] };
    });
  /** A field replaced by a string near a limit or far over it (the ones still valid are dropped by the oracle). */
  const nearLimit = fc
    .record({ event, pick: fc.nat(), commandId: fc.uuid(), pathPick: fc.nat(), value: longString })
    .map(({ event: e, pick, commandId, pathPick, value }): SocketCase => {
      const b = base(e, pick, commandId);
      const paths = pathsOf(b);
      return { event: e, how: 'near limit', args: [mutate(b, paths[pathPick % paths.length]!, 'replace', value, '')] };
    });
  const binary = fc
    .record({ event, pick: fc.nat(), commandId: fc.uuid(), bytes: fc.uint8Array({ maxLength: 64 }), whole: fc.boolean() })
    .map(({ event: e, pick, commandId, bytes, whole }): SocketCase => {
      const b = base(e, pick, commandId);
      return { event: e, how: 'binary', args: [whole ? bytes : { ...b, blob: bytes }] };
    });
  return fc.oneof(
    { weight: 20, arbitrary: fc.record({ event, payload: junk }).map(({ event: e, payload }): SocketCase => ({ event: e, how: 'anything', args: [payload] })) },
    { weight: 40, arbitrary: broken },
    { weight: 8, arbitrary: nearLimit },
    { weight: 10, arbitrary: polluted },
    { weight: 6, arbitrary: deep },
    { weight: 3, arbitrary: binary },
    { weight: 2, arbitrary: event.map((e): SocketCase => ({ event: e, how: 'no payload', args: [] })) },
    {
      weight: 3,
      arbitrary: fc
        .record({ event, pick: fc.nat(), commandId: fc.uuid(), more: fc.array(junk, { minLength: 1, maxLength: 2 }) })
        .map(({ event: e, pick, commandId, more }): SocketCase => ({ event: e, how: 'extra args', args: [base(e, pick, commandId), ...more] })),
    },
    { weight: 8, arbitrary: fc.record({ event: unknownEvent, payload: junk }).map(({ event: e, payload }): SocketCase => ({ event: e, how: 'unknown event', args: [payload] })) },
  );
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export const materializeCase = (c: SocketCase): unknown[] => c.args.map(materialize);

/** Bytes of the frame socket.io will send (JSON text of [event, ...args], UTF-8), binary excluded. */
export function frameBytes(event: string, args: unknown[]): number {
  return Buffer.byteLength(JSON.stringify([event, ...args.map((a) => (ArrayBuffer.isView(a) ? null : a))]) ?? '');
}

/**
 * Whether the node may accept this message: a known event, exactly one argument, no binary, no
 * pollution key, valid by the event's schema and, for C_COMMAND, by the command catalog as the
 * HTTP route validates it. The test sends only messages for which this is false.
 */
export function acceptable(event: string, args: unknown[]): boolean {
  if (!Object.hasOwn(clientEvents, event) || args.length !== 1) return false;
  const [payload] = args;
  if (hasBinary(payload) || hasForbiddenKey(payload)) return false;
  const wire = viaJson(payload);
  if (!clientEvents[event as keyof typeof clientEvents].safeParse(wire).success) return false;
  if (event !== 'C_COMMAND') return true;
  const { commandId, type, data } = wire as { commandId: string; type: string; data: unknown };
  return CommandRequest.safeParse({ commandId, type, data }).success;
}
