// The OpenAPI 3.1 document, generated from the same zod schemas that validate requests and type
// responses (zod 4's toJSONSchema), so the document cannot drift from the code. Covers the read
// routes here and the command routes of @booktalk/api (their schemas, imported).
import {
  type RouteTraits,
  errorStatuses,
  routeErrorStatuses,
  CommandRequest,
  CommandResponse,
  CreateDebateRequest,
  CreateDebateResponse,
  EventsQuery,
  EventsResponse,
  HealthResponse,
  ReadinessResponse,
  SessionResponse,
} from '@booktalk/api';
import {
  SessionResponse as AccountSession,
  ErrorResponse,
  GuestSessionRequest,
  MeResponse,
  UpdateMeResponse,
  OkResponse,
  RefreshRequest,
  SignInRequest,
  SignUpRequest,
  UpdateMeRequest,
} from '@booktalk/contracts';
import { z } from 'zod';
import * as s from '../http/schemas.ts';

type Json = Record<string, unknown>;
const schemaOf = (schema: z.ZodType, io: 'input' | 'output' = 'output'): Json => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  return rest;
};
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json) => ({ content: { 'application/json': { schema } } });
const ok = (name: string, description = 'OK') => ({ description, ...json(ref(name)) });
/** The error responses of a route, from the API's one status table (so none can be left out). */
const errors = (traits: RouteTraits): Json =>
  Object.fromEntries(routeErrorStatuses(traits).map((status) => [status, { description: errorStatuses[status], ...json(ref('ErrorResponse')) }]));

function queryParameters(schema: z.ZodObject): Json[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const f = field as z.ZodType;
    const js = schemaOf(f, 'input');
    return {
      name,
      in: 'query',
      required: !f.safeParse(undefined).success,
      ...(typeof js.description === 'string' ? { description: js.description } : {}),
      schema: js,
    };
  });
}
const debateIdParam = (name = 'id') => ({ name, in: 'path', required: true, schema: schemaOf(s.DebateParams.shape.id) });

export function openApiDocument(): Json {
  const components: Record<string, z.ZodType> = {
    ErrorResponse,
    LobbyPage: s.LobbyPage,
    DebateView: s.DebateView,
    TimelinePage: s.TimelinePage,
    AuditPage: s.AuditPage,
    SpeakingTime: s.SpeakingTime,
    VoteResults: s.VoteResults,
    VoiceQuality: s.VoiceQuality,
    SessionResponse,
    CreateDebateResponse,
    CommandResponse,
    EventsResponse,
    HealthResponse,
    ReadinessResponse,
    AccountSession,
    MeResponse,
    UpdateMeResponse,
    OkResponse,
  };
  const read = (summary: string, response: string, parameters: Json[], description?: string, traits: RouteTraits = {}) => ({
    get: {
      summary,
      ...(description ? { description } : {}),
      parameters,
      responses: { 200: ok(response), ...errors({ debatePath: parameters.some((p) => p.in === 'path'), ...traits }) },
    },
  });
  const auth = [{ bearer: [] }];

  return {
    openapi: '3.1.0',
    info: {
      title: 'BookTalk API',
      version: '0.1.0',
      description: 'Commands go to the event store; reads come from PostgreSQL read models. Positions are decimal strings (bigint).',
    },
    paths: {
      '/health': { get: { summary: 'Liveness: the process answers', responses: { 200: ok('HealthResponse') } } },
      '/health/ready': {
        get: {
          summary: 'Readiness: database, every read model (lag, parked debates, failing batches) and the bus',
          responses: { 200: ok('ReadinessResponse', 'Ready'), 503: ok('ReadinessResponse', 'Not ready: the failing checks say why') },
        },
      },
      // Accounts and sessions (@booktalk/accounts; schemas in contracts/src/accounts).
      '/api/accounts': {
        post: {
          summary: 'Sign up: username (or e-mail), display name, password; signed in at once',
          requestBody: { required: true, ...json(schemaOf(SignUpRequest, 'input')) },
          responses: { 201: ok('AccountSession', 'Created'), 409: { description: 'Username taken (code USERNAME_TAKEN)', ...json(ref('ErrorResponse')) }, ...errors({ body: true }) },
        },
      },
      '/api/session': {
        post: {
          summary: 'Sign in ({username, password}) or start a guest session ({displayName})',
          requestBody: { required: true, ...json(schemaOf(z.union([SignInRequest, GuestSessionRequest]), 'input')) },
          responses: { 200: ok('AccountSession'), ...errors({ body: true, auth: true }) },
        },
        delete: { summary: 'Sign out: the session ends now', security: auth, responses: { 200: ok('OkResponse'), ...errors({ auth: true }) } },
      },
      '/api/session/refresh': {
        post: {
          summary: 'A new access token and refresh token for a refresh token (single use)',
          requestBody: { required: true, ...json(schemaOf(RefreshRequest, 'input')) },
          responses: { 200: ok('AccountSession'), ...errors({ body: true, auth: true }) },
        },
      },
      '/api/me': {
        get: { summary: 'The signed-in identity', security: auth, responses: { 200: ok('MeResponse'), ...errors({ auth: true }) } },
        patch: {
          summary: 'Change the display name and/or the password (with currentPassword); answers a fresh token too',
          security: auth,
          requestBody: { required: true, ...json(schemaOf(UpdateMeRequest, 'input')) },
          responses: { 200: ok('UpdateMeResponse'), ...errors({ body: true, auth: true, restricted: true }) },
        },
      },
      '/api/accounts/me': {
        delete: {
          summary: "Erase the account: credentials, profile, and its personal data in every read model and replay",
          security: auth,
          responses: { 200: ok('OkResponse'), ...errors({ auth: true, restricted: true }) },
        },
      },
      '/api/debates': {
        ...read('Lobby: debates, newest first, paged by cursor', 'LobbyPage', queryParameters(s.LobbyQuery)),
        post: {
          summary: 'Create a debate (CreateDebate data plus a client-generated commandId)',
          security: auth,
          requestBody: { required: true, ...json(schemaOf(CreateDebateRequest, 'input')) },
          responses: { 201: ok('CreateDebateResponse', 'Created'), ...errors({ body: true, auth: true, command: true }) },
        },
      },
      '/api/debates/{id}': read('Projected state of a debate', 'DebateView', [debateIdParam()]),
      '/api/debates/{id}/timeline': read('Timeline: every event with its offset and a summary', 'TimelinePage', [debateIdParam(), ...queryParameters(s.TimelineQuery)]),
      '/api/debates/{id}/state': read(
        'The projected state as it was at an instant (replay)',
        'DebateView',
        [debateIdParam(), ...queryParameters(s.StateAtQuery)],
        'Exactly one of `at` (ISO time, or an integer offset in ms), `offsetMs` or `position`. The state after every event at or before it.',
      ),
      '/api/debates/{id}/analytics/speaking-time': read('Floor time per participant, side and round, and fairness', 'SpeakingTime', [debateIdParam()], s.FAIRNESS_DESCRIPTION),
      '/api/debates/{id}/votes': read('Vote tallies; the Oxford pre → post swing and winner', 'VoteResults', [debateIdParam()], s.VOTES_DESCRIPTION),
      '/api/debates/{id}/voice': read('Voice quality: joins, link failures, rejoins, connect times', 'VoiceQuality', [debateIdParam()]),
      '/api/debates/{debateId}/commands': {
        post: {
          summary: 'Send a command to a debate ({commandId, type, data}; idempotent on commandId)',
          security: auth,
          parameters: [debateIdParam('debateId')],
          requestBody: { required: true, ...json(schemaOf(CommandRequest, 'input')) },
          responses: { 200: ok('CommandResponse'), ...errors({ body: true, auth: true, debatePath: true, command: true }) },
        },
      },
      '/api/debates/{debateId}/events': {
        get: {
          summary: "A debate's events (upcast to current schema versions)",
          parameters: [debateIdParam('debateId'), ...queryParameters(EventsQuery)],
          responses: { 200: ok('EventsResponse'), ...errors({ debatePath: true, auth: true, restricted: true }) },
        },
      },
      '/api/audit': read('Moderation audit, newest first, filtered and paged', 'AuditPage', queryParameters(s.AuditQuery), 'Site admins; with debateId, also that debate\'s host and moderators.', { auth: true, restricted: true }),
      '/api/audit.csv': {
        get: {
          summary: 'The moderation audit as CSV (same filters; every matching row)',
          parameters: queryParameters(s.AuditQuery).filter((p) => p.name !== 'cursor' && p.name !== 'limit'),
          responses: { 200: { description: 'CSV: at,debateId,moderatorId,action,targetId,reason', content: { 'text/csv': { schema: { type: 'string' } } } }, ...errors({ auth: true, restricted: true }) },
        },
      },
    },
    components: {
      schemas: Object.fromEntries(Object.entries(components).map(([name, schema]) => [name, schemaOf(schema)])),
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
  };
}
