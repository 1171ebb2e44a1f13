// Query strings and response bodies of the read API. Query schemas are strict: an unknown
// parameter is a 400 (a typo'd filter must not silently return everything).
import { AccountId, DebateId, DebateView, Format, Instant, SAFE_MAX, Side, VoteSummary, queryInt, storableText } from '@booktalk/contracts';
import { auditActions } from '@booktalk/projector';
import { z } from 'zod';

/** Global positions travel as decimal strings: they are bigints (PostgreSQL bigint, at most 2^63 − 1). */
const INT8_MAX = 2n ** 63n - 1n;
export const Position = z
  .string()
  .regex(/^\d{1,19}$/, 'a decimal position')
  // zod runs this refine even when the regex failed: test the shape again before BigInt().
  .refine((p) => /^\d{1,19}$/.test(p) && BigInt(p) <= INT8_MAX, 'a position is at most 9223372036854775807');
const limit = (max: number, fallback: number) => queryInt(1, max).default(fallback).describe(`page size, 1–${max} (default ${fallback})`);

export const DebateParams = z.object({ id: DebateId });

export const LobbyQuery = z
  .object({
    status: z.enum(['scheduled', 'open', 'live', 'ended']).optional(),
    q: storableText({ min: 1, max: 100 }).optional().describe('matches title, book title, author or motion (case-insensitive)'),
    cursor: Position.optional().describe('the `next` of the previous page'),
    limit: limit(100, 20),
  })
  .strict();

export const TimelineQuery = z
  .object({
    after: Position.optional().describe('return events after this position (the `next` of the previous page)'),
    limit: limit(500, 100),
  })
  .strict();

export const StateAtQuery = z
  .object({
    at: z
      .union([Instant, z.string().regex(/^-?\d{1,12}$/, 'an integer offset in ms')])
      .optional()
      .describe('an RFC 3339 time, or an integer offset in ms from the debate start (DebateStarted, else its first event)'),
    offsetMs: queryInt(-SAFE_MAX, SAFE_MAX).optional().describe('offset in ms from the debate start (same origin as the timeline)'),
    position: Position.optional().describe('global position: the state after every event at or below it'),
  })
  .strict()
  .refine((q) => [q.at, q.offsetMs, q.position].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of at, offsetMs or position',
  });

export const AuditQuery = z
  .object({
    debateId: DebateId.optional(),
    moderatorId: AccountId.optional(),
    action: z.enum(auditActions).optional(),
    from: Instant.optional().describe('at or after this instant (RFC 3339)'),
    to: Instant.optional().describe('before this instant (RFC 3339)'),
    cursor: Position.optional(),
    limit: limit(500, 50),
  })
  .strict();

export const LobbyItem = z.object({
  id: z.string(),
  title: z.string(),
  book: z.object({ title: z.string(), author: z.string() }).nullable(),
  motion: z.string(),
  format: Format,
  status: z.enum(['scheduled', 'open', 'live', 'ended']),
  hostId: z.string(),
  participants: z.number().int(),
  speakers: z.number().int(),
  audience: z.number().int(),
  createdAt: z.string().nullable(),
  startAt: z.string().nullable(),
  openedAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  lastEventAt: z.string(),
  position: Position,
});
export const LobbyPage = z.object({ items: z.array(LobbyItem), next: Position.nullable() });

export const TimelineItem = z.object({
  position: Position,
  type: z.string(),
  at: z.string(),
  offsetMs: z.number().int().describe('ms since DebateStarted (or the first event, before the start); negative before it'),
  actorId: z.string(),
  summary: z.string().describe("a message a moderator hid reads as who posted it, without its text, except to the debate's host, moderators and site admins"),
  hidden: z.boolean().optional().describe('true on the line of a message a moderator hid'),
  values: z
    .record(z.string(), z.union([z.string(), z.number()]))
    .describe("the event's fields behind the summary, account ids as display names and durations also in seconds (…Seconds), so a client can word the line in its own language; a hidden message's have no text"),
});
export const TimelinePage = z.object({ items: z.array(TimelineItem), next: Position.nullable() });

export const AuditItem = z.object({
  position: Position,
  at: z.string(),
  debateId: z.string(),
  moderatorId: z.string(),
  action: z.enum(auditActions),
  targetId: z.string().nullable(),
  reason: z.string(),
});
export const AuditPage = z.object({ items: z.array(AuditItem), next: Position.nullable() });

const Share = z.number().min(0).max(1);
export const FAIRNESS_DESCRIPTION =
  'How evenly the floor was shared, 0–1. Groups are the two sides (pro, con) in an oxford debate and ' +
  'the speakers in a free one; with n groups and share_g = floor time of g / total floor time, ' +
  'fairness = 1 − (max_g share_g − 1/n) / (1 − 1/n): 1 when every group had exactly an equal share, ' +
  '0 when one group held the whole floor. null when nobody has spoken yet or there are fewer than two groups. ' +
  'Floor time is measured from TurnGranted to TurnEnded (spokeMs), including overtime; a running turn is not counted yet.';

const FloorFigures = { floorMs: z.number().int(), turns: z.number().int(), overtimeMs: z.number().int(), share: Share };
export const SpeakingTime = z.object({
  debateId: z.string(),
  format: Format,
  totalFloorMs: z.number().int(),
  participants: z.array(
    z.object({
      accountId: z.string(),
      displayName: z.string(),
      side: Side.nullable(),
      ...FloorFigures,
      averageTurnMs: z.number().int(),
      presentationMs: z.number().int(),
      openMs: z.number().int(),
    }),
  ),
  sides: z.array(z.object({ side: Side, ...FloorFigures, speakers: z.number().int() })).describe('oxford only; empty for free debates'),
  rounds: z.array(
    z.object({
      round: z.enum(['presentation', 'open']),
      ...FloorFigures,
      sides: z.array(z.object({ side: Side, floorMs: z.number().int(), share: Share })),
    }),
  ),
  fairness: z.number().min(0).max(1).nullable().describe(FAIRNESS_DESCRIPTION),
  fairnessBasis: z.enum(['sides', 'speakers']),
});
export type SpeakingTime = z.infer<typeof SpeakingTime>;

const MotionShares = z.object({ pro: Share, con: Share, undecided: Share, ballots: z.number().int() });
export const VOTES_DESCRIPTION =
  'Each option counts for the side it was opened with (`sides`: pro, con or undecided, in any language; ' +
  'votes opened before sides were declared read them from their English labels: for/pro/yes/aye/agree → pro, ' +
  'against/con/no/nay/disagree → con, anything else → undecided). A side’s share is its votes over all votes in that vote. ' +
  'swing = post share − pre share per side; the winner is the side with the larger swing (Oxford style: the ' +
  'side that moved the most votes), `draw` on equal swings, null until both a pre and a post vote exist.';
export const VoteResults = z.object({
  debateId: z.string(),
  votes: z.array(
    VoteSummary.extend({
      tallies: z.record(z.string(), z.number().int()),
      ballots: z.number().int(),
      openedAt: z.string(),
      closedAt: z.string().nullable(),
    }),
  ),
  motion: z
    .object({
      pre: MotionShares.nullable(),
      post: MotionShares.nullable(),
      swing: z.object({ pro: z.number(), con: z.number() }).nullable(),
      winner: z.enum(['pro', 'con', 'draw']).nullable(),
      final: z.boolean().describe('both votes closed'),
    })
    .describe(VOTES_DESCRIPTION),
});
export type VoteResults = z.infer<typeof VoteResults>;

export const VoiceQuality = z.object({
  debateId: z.string(),
  joins: z.number().int(),
  leaves: z.number().int(),
  linksEstablished: z.number().int(),
  linkFailures: z.number().int(),
  rejoinAttempts: z.number().int(),
  rejoinsAbandoned: z.number().int(),
  medianConnectMs: z.number().nullable().describe('median time to connect over established links; null when none'),
  p90ConnectMs: z.number().nullable(),
  candidateTypes: z.record(z.string(), z.number().int()).describe('established links per ICE candidate type'),
});
export type VoiceQuality = z.infer<typeof VoiceQuality>;

export { DebateView };
