// The BookTalk HTTP API as typed functions. Route names follow the server's README; the account
// routes (sign up, sign in, sign out) are those of the accounts service.
import { type CreateDebateData, type DebateCommandInput, DebateView } from '@booktalk/contracts';
import type { z } from 'zod';
import type { HttpClient, SendOptions } from './http.ts';
import { CommandResponse, CreateDebateResponse, EventsResponse, LobbyPage, Ok, SessionResponse } from './schemas.ts';
import type { LobbyStatus } from './schemas.ts';

export type CreateDebateInput = z.input<typeof CreateDebateData>;
export type CommandBody = Exclude<DebateCommandInput, { type: 'CreateDebate' }>;

export interface LobbyQuery {
  q?: string;
  status?: LobbyStatus;
  cursor?: string;
  limit?: number;
}

/** The session routes answer 401 for wrong credentials or a spent refresh token: never a reason to refresh. */
const SESSION_ROUTE: SendOptions = { recoverUnauthorized: false };

export function createBookTalkApi(http: HttpClient) {
  return {
    guestSession: (displayName: string) => http.send('POST', '/api/session', { displayName }, SessionResponse, SESSION_ROUTE),
    signIn: (username: string, password: string) => http.send('POST', '/api/session', { username, password }, SessionResponse, SESSION_ROUTE),
    signUp: (username: string, displayName: string, password: string) =>
      http.send('POST', '/api/accounts', { username, displayName, password }, SessionResponse, SESSION_ROUTE),
    signOut: () => http.send('DELETE', '/api/session', undefined, Ok, SESSION_ROUTE),
    refresh: (refreshToken: string) => http.send('POST', '/api/session/refresh', { refreshToken }, SessionResponse, SESSION_ROUTE),
    listDebates: (q: LobbyQuery = {}) =>
      http.get('/api/debates', LobbyPage, { q: q.q?.trim() || undefined, status: q.status, cursor: q.cursor, limit: q.limit?.toString() }),
    createDebate: (commandId: string, data: CreateDebateInput) =>
      http.send('POST', '/api/debates', { commandId, ...data }, CreateDebateResponse),
    sendCommand: (debateId: string, commandId: string, command: CommandBody) =>
      http.send('POST', `/api/debates/${encodeURIComponent(debateId)}/commands`, { commandId, ...command }, CommandResponse),
    /** The projected state as everyone may read it (what S_DEBATE_STATE pushes). */
    debateView: (debateId: string) => http.get(`/api/debates/${encodeURIComponent(debateId)}`, DebateView),
    /** The debate's raw stream from a version on (upcast by the server), for the browser's fold. */
    readEvents: (debateId: string, fromVersion: number) =>
      http.get(`/api/debates/${encodeURIComponent(debateId)}/events`, EventsResponse, { from: String(fromVersion) }),
  };
}
export type BookTalkApi = ReturnType<typeof createBookTalkApi>;
