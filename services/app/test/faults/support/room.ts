// A small live room per debate for the fault tests: a host (moderator, audience member) and a
// speaker on the open floor, with an open poll; and one step of a mixed command load on it
// (chat, raised / lowered hands, votes cast and changed) as a user would send it over HTTP.
import { randomUUID } from 'node:crypto';
import { type JsonClient, type Reply, type Session, command, createDebate, signUp } from '../../../bench/support/http.ts';

export interface Room {
  debateId: string;
  host: Session;
  speaker: Session;
  handUp: boolean;
  ballot: 'yes' | 'no' | null;
}

export const VOTE_ID = 'fault-poll';

export async function openRoom(http: JsonClient, name: string, people?: { host: Session; speaker: Session }): Promise<Room> {
  const host = people?.host ?? (await signUp(http, `${name} host`));
  const speaker = people?.speaker ?? (await signUp(http, `${name} speaker`));
  const debateId = await createDebate(http, host, name);
  await command(http, host.token, debateId, 'OpenDebate');
  await command(http, host.token, debateId, 'JoinDebate', { role: 'audience' });
  await command(http, speaker.token, debateId, 'JoinDebate', { role: 'speaker' });
  await command(http, host.token, debateId, 'StartDebate');
  await command(http, host.token, debateId, 'AdvanceRound'); // PRESENTATION: the speaker's slot
  await command(http, speaker.token, debateId, 'YieldTurn'); // last slot → the open floor
  await command(http, host.token, debateId, 'OpenVote', { voteId: VOTE_ID, question: 'Did Dorothea choose well?', options: ['yes', 'no'], kind: 'poll' });
  return { debateId, host, speaker, handUp: false, ballot: null };
}

export interface Sent {
  commandId: string;
  debateId: string;
  token: string;
  body: { commandId: string; type: string; data: unknown };
  /** When it was sent (Date.now()). */
  at: number;
  reply: Reply | null;
  error: string | null;
}

/** The body of the i-th command of the load for this room (a fresh command id each time). */
export function nextCommand(room: Room, i: number): { token: string; body: { commandId: string; type: string; data: unknown } } {
  const commandId = randomUUID();
  switch (i % 4) {
    case 0:
      return { token: room.host.token, body: { commandId, type: 'PostMessage', data: { kind: 'chat', text: `host says ${i}` } } };
    case 1: {
      const type = room.handUp ? 'LowerHand' : 'RaiseHand';
      return { token: room.speaker.token, body: { commandId, type, data: {} } };
    }
    case 2: {
      const option = room.ballot === 'yes' ? 'no' : 'yes';
      return { token: room.host.token, body: { commandId, type: 'CastVote', data: { voteId: VOTE_ID, option } } };
    }
    default:
      return { token: room.speaker.token, body: { commandId, type: 'PostMessage', data: { kind: 'question', text: `speaker asks ${i}?` } } };
  }
}

/** Sends it; keeps the room's local view (hand, ballot) in step with what was accepted. */
export async function send(http: JsonClient, room: Room, i: number): Promise<Sent> {
  const { token, body } = nextCommand(room, i);
  const at = Date.now();
  const base = { commandId: body.commandId, debateId: room.debateId, token, body, at };
  try {
    const reply = await http.request('POST', `/api/debates/${room.debateId}/commands`, body, token);
    if (reply.status === 200) {
      if (body.type === 'RaiseHand') room.handUp = true;
      if (body.type === 'LowerHand') room.handUp = false;
      if (body.type === 'CastVote') room.ballot = (body.data as { option: 'yes' | 'no' }).option;
    }
    return { ...base, reply, error: null };
  } catch (e) {
    return { ...base, reply: null, error: e instanceof Error ? e.message : String(e) };
  }
}
