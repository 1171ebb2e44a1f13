// Pure readings of the projected state for the room page (no Vue): who sits where, your place
// in the queue, the countdown's warning level, the chat as shown.
import { type ChatMessage, type DebateState, type Participant, type Role, heardUnderFloorControl } from '@booktalk/contracts';

export interface SideGroups {
  pro: Participant[];
  con: Participant[];
  /** Speakers and moderators without a side (free format, or not placed yet). */
  none: Participant[];
  audience: Participant[];
}

export function groupBySide(state: DebateState): SideGroups {
  const groups: SideGroups = { pro: [], con: [], none: [], audience: [] };
  const list = Object.values(state.participants).sort((a, b) => a.seq - b.seq);
  for (const p of list) {
    if (p.role === 'audience') groups.audience.push(p);
    else if (p.side === 'pro') groups.pro.push(p);
    else if (p.side === 'con') groups.con.push(p);
    else groups.none.push(p);
  }
  return groups;
}

/** The queue split: speakers' raised hands (the floor's queue) and audience members asking to speak. */
export function queueParts(state: DebateState): { hands: string[]; requests: string[] } {
  const hands: string[] = [];
  const requests: string[] = [];
  for (const id of state.queue) (state.participants[id]?.role === 'audience' ? requests : hands).push(id);
  return { hands, requests };
}

/**
 * Is this participant's voice let through now, as far as floor control goes (the shared rule:
 * while live, only the floor holder and moderators)? Mutes and roles are `maySpeak`'s.
 */
export const heardOnFloor = (state: DebateState, accountId: string): boolean => heardUnderFloorControl(state, accountId);

/** 1-based place in the hand queue (a request to speak: among the requests), or null when not in it. */
export const queuePlace = (state: DebateState, accountId: string | null): number | null => {
  if (!accountId) return null;
  const { hands, requests } = queueParts(state);
  const i = (state.participants[accountId]?.role === 'audience' ? requests : hands).indexOf(accountId);
  return i < 0 ? null : i + 1;
};

export const isModerator = (state: DebateState, accountId: string | null): boolean =>
  accountId !== null && (state.moderators.includes(accountId) || state.hostId === accountId);

/** Role badge: a moderator right shows even when the participant record says speaker. */
export const badgeRole = (state: DebateState, p: Participant): Role => (isModerator(state, p.accountId) ? 'moderator' : p.role);

export const remainingMs = (endsAt: string, now: number): number => Math.max(0, Date.parse(endsAt) - now);

/** The countdown's level: 'warn' from 30 s, 'critical' from 10 s, 'over' at zero. */
export function warningLevel(ms: number): 'normal' | 'warn' | 'critical' | 'over' {
  if (ms <= 0) return 'over';
  if (ms <= 10_000) return 'critical';
  if (ms <= 30_000) return 'warn';
  return 'normal';
}

/** mm:ss, rounding up so the display reaches 0:00 exactly when the turn ends. */
export function formatClock(ms: number): string {
  const total = Math.ceil(ms / 1000);
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/**
 * Chat as shown, oldest first: hidden messages gone, except for moderators (`withHidden`), who see
 * them marked (only their views carry them at all).
 */
export const visibleMessages = (state: DebateState, withHidden = false): ChatMessage[] =>
  Object.values(state.messages)
    .filter((m) => withHidden || !m.hidden)
    .sort((a, b) => a.at.localeCompare(b.at));

export const displayNameOf = (state: DebateState, accountId: string): string => state.participants[accountId]?.displayName ?? accountId;

/** May this participant send audio now? Speakers and moderators who are not muted by a moderator. */
/** Who may send audio, as one comparable string: it changes exactly when the mesh's links should. */
export function speakerSignature(state: DebateState): string {
  return Object.keys(state.participants)
    .filter((id) => maySpeak(state, id).reason !== 'audience')
    .sort()
    .join(',');
}

export function maySpeak(state: DebateState, accountId: string | null): { ok: boolean; reason: 'audience' | 'muted' | 'absent' | null } {
  const p = accountId ? state.participants[accountId] : undefined;
  if (!p) return { ok: false, reason: 'absent' };
  if (p.role === 'audience' && !isModerator(state, p.accountId)) return { ok: false, reason: 'audience' };
  if (p.muted) return { ok: false, reason: 'muted' };
  return { ok: true, reason: null };
}
