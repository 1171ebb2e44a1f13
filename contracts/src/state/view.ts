// The projected state as the API and the UI show it (GET /api/debates/:id and its replay twin).
import { z } from 'zod';
import { Book, Format, MessageKind, OptionSide, Role, Round, Side, VoteKind } from '../events/index.ts';
import type { ChatMessage, DebateState } from './debateState.ts';

/** The chat a view carries: the latest visible messages, at most this many… */
export const VIEW_MESSAGES_MAX = 200;
/**
 * …and at most this many UTF-16 code units of text (≤ 3 UTF-8 bytes each, so ≤ 192 KB), so a view
 * stays well under Kafka's default 1 MB message limit with long messages in it.
 */
export const VIEW_MESSAGES_TEXT_MAX = 64_000;

/** A vote as every read shows it: the room view, and the analytics' results (which add counts and times). */
export const VoteSummary = z.object({
  voteId: z.string(),
  question: z.string(),
  kind: VoteKind,
  status: z.enum(['open', 'closed']),
  options: z.array(z.string()),
  sides: z.array(OptionSide).nullable().describe('pre/post votes: the side each option stands for, in the order of `options`; polls: null'),
  tallies: z.record(z.string(), z.number()),
});

export const DebateView = z.object({
  id: z.string(),
  title: z.string(),
  book: Book.nullable(),
  motion: z.string(),
  format: Format,
  status: z.enum(['none', 'scheduled', 'open', 'live', 'ended']),
  round: Round.nullable(),
  hostId: z.string(),
  moderators: z.array(z.string()),
  presentation: z
    .object({ accountId: z.string(), content: z.string(), pageRefs: z.array(z.number()) })
    .nullable(),
  position: z.string().describe('global position of the last event folded (decimal string)'),
  version: z.number().int(),
  participants: z.array(
    z.object({ accountId: z.string(), displayName: z.string(), role: Role, side: Side.nullable(), muted: z.boolean(), connected: z.boolean() }),
  ),
  currentTurn: z
    .object({ turnNo: z.number(), accountId: z.string(), side: Side.nullable(), kind: z.enum(['presentation', 'open']), startedAt: z.string(), endsAt: z.string() })
    .nullable(),
  queue: z.array(z.string()),
  votes: z.array(VoteSummary),
  locked: z.boolean(),
  accountsOnly: z.boolean().describe('guests may not join'),
  floorControl: z.boolean().describe('while the debate is live, only the speaker holding the floor (and moderators) are heard'),
  invitations: z
    .array(z.object({ accountId: z.string(), invitedBy: z.string(), side: Side.nullable(), reason: z.string(), at: z.string() }))
    .describe('pending invitations to speak (a moderator invited an audience member, who has not answered yet), oldest first'),
  messages: z
    .array(
      z.object({
        messageId: z.string(),
        authorId: z.string(),
        authorName: z.string(),
        kind: MessageKind,
        text: z.string(),
        answered: z.boolean(),
        at: z.string(),
        hidden: z.boolean().optional().describe('true on a message a moderator hid: only the views of the host, moderators and site admins carry those'),
      }),
    )
    .describe(`the latest chat messages, oldest first: at most ${VIEW_MESSAGES_MAX}, and at most ${VIEW_MESSAGES_TEXT_MAX} UTF-16 code units of text; hidden ones only in a moderator's view, marked hidden`),
  messagesOmitted: z.number().int().min(0).describe('visible messages older than those in `messages`, left out by the caps'),
});
export type DebateView = z.infer<typeof DebateView>;

export interface ViewOptions {
  /**
   * Keep hidden messages (marked `hidden: true`): only for a view that goes to the host, moderators
   * or site admins, or that is stripped per reader before it leaves (hiddenMessages.ts). Off by
   * default, so a view built without thinking about its reader never carries hidden text.
   */
  withHidden?: boolean;
}

export function toDebateView(s: DebateState, position: bigint | string, { withHidden = false }: ViewOptions = {}): DebateView {
  const holder = s.currentTurn;
  const presenting = s.round === 'PRESENTATION' && holder?.kind === 'presentation' ? s.presentations[holder.accountId] : undefined;
  return {
    id: s.debateId,
    title: s.title,
    book: s.book,
    motion: s.motion,
    format: s.format,
    status: s.status,
    round: s.round,
    hostId: s.hostId,
    moderators: s.moderators,
    presentation: holder && s.round === 'PRESENTATION' && holder.kind === 'presentation'
      ? { accountId: holder.accountId, content: presenting?.content ?? '', pageRefs: presenting?.pageRefs ?? [] }
      : null,
    position: position.toString(),
    version: s.eventCount - 1,
    participants: Object.values(s.participants)
      .sort((a, b) => a.seq - b.seq)
      .map(({ accountId, displayName, role, side, muted, connected }) => ({ accountId, displayName, role, side, muted, connected })),
    currentTurn: holder
      ? { turnNo: holder.turnNo, accountId: holder.accountId, side: holder.side, kind: holder.kind, startedAt: holder.startedAt, endsAt: holder.endsAt }
      : null,
    queue: s.queue,
    votes: Object.values(s.votes).map(({ voteId, question, kind, status, options, sides, tallies }) => ({ voteId, question, kind, status, options, sides, tallies })),
    locked: s.locked,
    // A state folded before the field existed (a stored read-model row) reads as open to guests.
    accountsOnly: s.accountsOnly ?? false,
    // The same for floor control and invitations: a state stored before them has neither.
    floorControl: s.floorControl ?? false,
    invitations: Object.values(s.invitations ?? {}).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)),
    ...latestMessages(s.messages, withHidden),
  };
}

/** The latest messages within both caps (hidden ones only `withHidden`), oldest first, and how many older ones were left out. */
function latestMessages(all: Record<string, ChatMessage>, withHidden: boolean): Pick<DebateView, 'messages' | 'messagesOmitted'> {
  // Stable sort by time: equal instants keep the record's order.
  const visible = Object.values(all)
    .filter((m) => withHidden || !m.hidden)
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  let first = visible.length;
  let text = 0;
  while (first > 0 && visible.length - first < VIEW_MESSAGES_MAX && text + visible[first - 1]!.text.length <= VIEW_MESSAGES_TEXT_MAX) {
    first--;
    text += visible[first]!.text.length;
  }
  return {
    messages: visible
      .slice(first)
      .map(({ messageId, authorId, authorName, kind, text, answered, at, hidden }) => ({ messageId, authorId, authorName, kind, text, answered, at, ...(hidden ? { hidden } : {}) })),
    messagesOmitted: first,
  };
}
