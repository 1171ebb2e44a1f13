// Response bodies the web app reads. The command payloads and the error shape come from
// @booktalk/contracts; these mirror the HTTP envelopes of services/api and services/query (which
// the browser cannot import: they pull in express and pg).
import { SessionResponse as AccountsSessionResponse } from '@booktalk/contracts';
import { z } from 'zod';

const Position = z.string().regex(/^\d+$/);

/** The accounts service's session body; the older demo server answered only the first four fields. */
export const SessionResponse = AccountsSessionResponse.partial({ kind: true, sessionId: true, expiresAt: true, refreshToken: true });
export type SessionResponse = z.infer<typeof SessionResponse>;

export const LobbyStatus = z.enum(['scheduled', 'open', 'live', 'ended']);
export type LobbyStatus = z.infer<typeof LobbyStatus>;
export const LobbyItem = z.object({
  id: z.string(),
  title: z.string(),
  book: z.object({ title: z.string(), author: z.string() }).nullable(),
  motion: z.string(),
  format: z.enum(['oxford', 'free']),
  status: LobbyStatus,
  hostId: z.string(),
  participants: z.number().int(),
  speakers: z.number().int(),
  audience: z.number().int(),
  startAt: z.string().nullable(),
  lastEventAt: z.string(),
});
export type LobbyItem = z.infer<typeof LobbyItem>;
export const LobbyPage = z.object({ items: z.array(LobbyItem), next: Position.nullable() });
export type LobbyPage = z.infer<typeof LobbyPage>;

export const CreateDebateResponse = z.object({ ok: z.literal(true), debateId: z.string(), position: Position, version: z.number().int() });
export const CommandResponse = z.object({ ok: z.literal(true), position: Position, version: z.number().int(), duplicate: z.boolean() });
export type CommandResponse = z.infer<typeof CommandResponse>;

export const StoredEventBody = z.object({
  type: z.string(),
  version: z.number().int(),
  position: Position,
  occurredAt: z.string(),
  data: z.unknown(),
});
export const EventsResponse = z.object({ ok: z.literal(true), version: z.number().int(), events: z.array(StoredEventBody) });
export type EventsResponse = z.infer<typeof EventsResponse>;

export const Ok = z.object({ ok: z.literal(true) }).loose();
