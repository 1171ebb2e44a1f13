// Immutable updates of the state's records and lists, shared by the per-concern folds.
import type { DebateState, Participant } from '../debateState.ts';

export const without = <T>(list: T[], item: T): T[] => list.filter((x) => x !== item);

export const omit = <V>(record: Record<string, V>, key: string): Record<string, V> => {
  if (!(key in record)) return record;
  const { [key]: _gone, ...rest } = record;
  return rest;
};

export const patchParticipant = (s: DebateState, accountId: string, patch: Partial<Participant>): DebateState => {
  const p = s.participants[accountId];
  return p ? { ...s, participants: { ...s.participants, [accountId]: { ...p, ...patch } } } : s;
};

/** Someone leaves the room: out of the queue and the voice mesh, participant record gone. */
export const dropParticipant = (s: DebateState, accountId: string): DebateState => ({
  ...s,
  participants: omit(s.participants, accountId),
  queue: without(s.queue, accountId),
  voice: omit(s.voice, accountId),
  ...withoutInvitation(s, accountId),
});

/** An invitation to speak ends with a role change or leaving (a state stored before invitations has none). */
export const withoutInvitation = (s: DebateState, accountId: string): Pick<DebateState, 'invitations'> => ({
  invitations: omit(s.invitations ?? {}, accountId),
});
