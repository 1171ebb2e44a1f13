// Which commands a guest may send. Guests listen and chat; speaking, voting and hosting need an
// account unless configured otherwise (BOOKTALK_GUESTS_MAY). Pure: the HTTP command route and the
// signaling node's C_COMMAND ask the same function.
import type { IdentityKind } from '@booktalk/contracts';
import { kindOfId } from '../ids.ts';

export const CAPABILITIES = ['speak', 'vote', 'host'] as const;
export type Capability = (typeof CAPABILITIES)[number];

export interface CommandLike {
  type: string;
  data?: unknown;
}

export type PolicyDecision = { ok: true } | { ok: false; code: 'ACCOUNT_REQUIRED'; message: string };

const field = (data: unknown, name: string): unknown =>
  typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[name] : undefined;

/** The capability a command exercises, for the sender or (promotion) for its target; null when anyone may. */
export function capabilityOf(command: CommandLike): { capability: Capability; of: 'sender' | 'target' } | null {
  switch (command.type) {
    case 'CreateDebate':
      return { capability: 'host', of: 'sender' };
    case 'CastVote':
      return { capability: 'vote', of: 'sender' };
    // From the audience a raised hand asks to speak; accepting an invitation is speaking.
    case 'RaiseHand':
    case 'AcceptInvitation':
      return { capability: 'speak', of: 'sender' };
    case 'JoinDebate':
      return field(command.data, 'role') === 'speaker' ? { capability: 'speak', of: 'sender' } : null;
    case 'PromoteToSpeaker':
    case 'InviteToSpeak':
      return { capability: 'speak', of: 'target' };
    default:
      return null;
  }
}

const what: Record<Capability, string> = { speak: 'Speaking', vote: 'Voting', host: 'Hosting a debate' };

/** May an identity of this kind send this command? `guestsMay`: capabilities granted to guests too. */
export function mayIssue(command: CommandLike, sender: IdentityKind, guestsMay: ReadonlySet<Capability> = new Set()): PolicyDecision {
  const needed = capabilityOf(command);
  if (!needed || guestsMay.has(needed.capability)) return { ok: true };
  if (needed.of === 'sender') {
    return sender === 'account'
      ? { ok: true }
      : { ok: false, code: 'ACCOUNT_REQUIRED', message: `${what[needed.capability]} needs an account: sign up or sign in (POST /api/accounts, POST /api/session)` };
  }
  const target = field(command.data, 'accountId');
  return typeof target === 'string' && kindOfId(target) === 'guest'
    ? { ok: false, code: 'ACCOUNT_REQUIRED', message: 'Only an account can be made (or invited to be) a speaker; this participant is a guest' }
    : { ok: true };
}

/** Parses BOOKTALK_GUESTS_MAY ("speak,vote"); throws naming an unknown capability. */
export function parseCapabilities(list: string): Set<Capability> {
  const items = list.split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of items) {
    if (!(CAPABILITIES as readonly string[]).includes(item)) {
      throw new Error(`unknown capability "${item}"; expected a comma-separated list of ${CAPABILITIES.join(', ')}`);
    }
  }
  return new Set(items as Capability[]);
}
