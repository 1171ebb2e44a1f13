// The read API the replay, audit and analytics pages use, as typed functions. The bodies mirror
// services/query's schemas (the browser cannot import that package: it pulls in express and pg).
import { DebateView, MeResponse, auditEventTypes } from '@booktalk/contracts';
import { z } from 'zod';
import { useSessionStore } from '../stores/session.ts';
import { onUnauthorized } from './client.ts';
import { ApiRequestError } from './errors.ts';
import { type HttpClient, createHttpClient } from './http.ts';
import { EventsResponse } from './schemas.ts';

const Position = z.string().regex(/^\d+$/);
const Side = z.enum(['pro', 'con']);

export const TimelineItem = z.object({
  position: Position,
  type: z.string(),
  at: z.string(),
  offsetMs: z.number(),
  actorId: z.string(),
  summary: z.string(),
  hidden: z.boolean().optional(),
  /** The line's fields, names resolved, for wording it in the reader's language (i18n/timelineLines.ts). */
  values: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type TimelineItem = z.infer<typeof TimelineItem>;
export const TimelinePage = z.object({ items: z.array(TimelineItem), next: Position.nullable() });

/** The audit's actions: the moderation events, a turn a moderator ended, the answers to invitations. */
export const auditActions = auditEventTypes;
export type AuditAction = (typeof auditActions)[number];
export const AuditItem = z.object({
  position: Position,
  at: z.string(),
  debateId: z.string(),
  moderatorId: z.string(),
  action: z.enum(auditActions),
  targetId: z.string().nullable(),
  reason: z.string(),
});
export type AuditItem = z.infer<typeof AuditItem>;
export const AuditPage = z.object({ items: z.array(AuditItem), next: Position.nullable() });
export type AuditPage = z.infer<typeof AuditPage>;
export interface AuditFilters {
  debateId?: string;
  moderatorId?: string;
  action?: AuditAction;
  /** RFC 3339 */
  from?: string;
  to?: string;
}

const Share = z.number();
const Floor = { floorMs: z.number(), turns: z.number(), overtimeMs: z.number(), share: Share };
export const SpeakingTime = z.object({
  debateId: z.string(),
  format: z.enum(['oxford', 'free']),
  totalFloorMs: z.number(),
  participants: z.array(
    z.object({ accountId: z.string(), displayName: z.string(), side: Side.nullable(), ...Floor, averageTurnMs: z.number(), presentationMs: z.number(), openMs: z.number() }),
  ),
  sides: z.array(z.object({ side: Side, ...Floor, speakers: z.number() })),
  rounds: z.array(z.object({ round: z.enum(['presentation', 'open']), ...Floor })),
  fairness: z.number().nullable(),
  fairnessBasis: z.enum(['sides', 'speakers']),
});
export type SpeakingTime = z.infer<typeof SpeakingTime>;

const MotionShares = z.object({ pro: Share, con: Share, undecided: Share, ballots: z.number() });
export const VoteResults = z.object({
  debateId: z.string(),
  votes: z.array(
    z.object({
      voteId: z.string(),
      question: z.string(),
      kind: z.enum(['pre', 'post', 'poll']),
      status: z.enum(['open', 'closed']),
      options: z.array(z.string()),
      tallies: z.record(z.string(), z.number()),
      ballots: z.number(),
    }),
  ),
  motion: z.object({
    pre: MotionShares.nullable(),
    post: MotionShares.nullable(),
    swing: z.object({ pro: z.number(), con: z.number() }).nullable(),
    winner: z.enum(['pro', 'con', 'draw']).nullable(),
    final: z.boolean(),
  }),
});
export type VoteResults = z.infer<typeof VoteResults>;

const debatePath = (id: string) => `/api/debates/${encodeURIComponent(id)}`;
const auditQuery = (f: AuditFilters): Record<string, string | undefined> => ({
  debateId: f.debateId,
  moderatorId: f.moderatorId,
  action: f.action,
  from: f.from,
  to: f.to,
});

export function createAfterDebateApi(http: HttpClient) {
  return {
    me: () => http.get('/api/me', MeResponse),
    debateView: (id: string) => http.get(debatePath(id), DebateView),
    timelinePage: (id: string, after?: string, limit = 500) => http.get(`${debatePath(id)}/timeline`, TimelinePage, { after, limit: String(limit) }),
    /** The state after every event at or below `position`, folded by the server (bounded per request). */
    stateAtPosition: (id: string, position: string) => http.get(`${debatePath(id)}/state`, DebateView, { position }),
    /** The raw stream (host, moderators, admins: 403 FORBIDDEN for everyone else). */
    events: (id: string, fromVersion: number) => http.get(`${debatePath(id)}/events`, EventsResponse, { from: String(fromVersion) }),
    speakingTime: (id: string) => http.get(`${debatePath(id)}/analytics/speaking-time`, SpeakingTime),
    votes: (id: string) => http.get(`${debatePath(id)}/votes`, VoteResults),
    audit: (filters: AuditFilters, cursor?: string, limit = 25) => http.get('/api/audit', AuditPage, { ...auditQuery(filters), cursor, limit: String(limit) }),
  };
}
export type AfterDebateApi = ReturnType<typeof createAfterDebateApi>;

const bearer = (): string | null => useSessionStore().session?.token ?? null;
export const afterDebateApi = createAfterDebateApi(createHttpClient({ token: bearer, onUnauthorized }));

/** The audit CSV of the same filters, fetched with the bearer token (a plain link would send none). */
export async function fetchAuditCsv(filters: AuditFilters, doFetch: typeof fetch = (...a) => globalThis.fetch(...a)): Promise<Blob> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(auditQuery(filters))) if (v) params.set(k, v);
  const token = bearer();
  const res = await doFetch(`/api/audit.csv${params.size ? `?${params}` : ''}`, { headers: { accept: 'text/csv', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
    throw new ApiRequestError(res.status, body?.error ?? { code: `HTTP_${res.status}`, message: res.statusText });
  }
  return res.blob();
}
