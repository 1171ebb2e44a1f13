// The OpenAPI 3.1 document, generated from the same zod schemas that validate requests and type
// responses (zod 4's toJSONSchema), so the document cannot drift from the code. Covers the read
// routes here and the command routes of @booktalk/api (their schemas, imported).
import {
  CommandRequest,
  CommandResponse,
  CreateDebateRequest,
  CreateDebateResponse,
  EventsQuery,
  EventsResponse,
  HealthResponse,
  SessionRequest,
  SessionResponse,
} from '@booktalk/api';
import { ErrorResponse } from '@booktalk/contracts';
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
const error = (description: string) => ({ description, ...json(ref('ErrorResponse')) });

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
  };
  const bad = error('Invalid query string or path parameter (code INVALID_QUERY / INVALID_PATH, with the zod issues)');
  const notFound = error('No such debate (code DEBATE_NOT_FOUND)');
  const read = (summary: string, response: string, parameters: Json[], description?: string) => ({
    get: {
      summary,
      ...(description ? { description } : {}),
      parameters,
      responses: { 200: ok(response), 400: bad, ...(parameters.some((p) => p.in === 'path') ? { 404: notFound } : {}) },
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
      '/health': { get: { summary: 'Liveness', responses: { 200: ok('HealthResponse') } } },
      '/api/session': {
        post: {
          summary: 'Start a session (a display name) and get a bearer token',
          requestBody: { required: true, ...json(schemaOf(SessionRequest, 'input')) },
          responses: { 200: ok('SessionResponse'), 400: error('Invalid body') },
        },
      },
      '/api/debates': {
        ...read('Lobby: debates, newest first, paged by cursor', 'LobbyPage', queryParameters(s.LobbyQuery)),
        post: {
          summary: 'Create a debate (CreateDebate data plus a client-generated commandId)',
          security: auth,
          requestBody: { required: true, ...json(schemaOf(CreateDebateRequest, 'input')) },
          responses: { 201: ok('CreateDebateResponse', 'Created'), 400: error('Invalid body'), 401: error('No or bad token'), 409: error('Refused by the domain') },
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
          responses: { 200: ok('CommandResponse'), 400: error('Invalid body'), 401: error('No or bad token'), 403: error('Not allowed'), 404: notFound, 409: error('Refused by the domain') },
        },
      },
      '/api/debates/{debateId}/events': {
        get: {
          summary: "A debate's events (upcast to current schema versions)",
          parameters: [debateIdParam('debateId'), ...queryParameters(EventsQuery)],
          responses: { 200: ok('EventsResponse'), 400: bad, 404: notFound },
        },
      },
      '/api/audit': read('Moderation audit, newest first, filtered and paged', 'AuditPage', queryParameters(s.AuditQuery)),
      '/api/audit.csv': {
        get: {
          summary: 'The moderation audit as CSV (same filters; every matching row)',
          parameters: queryParameters(s.AuditQuery).filter((p) => p.name !== 'cursor' && p.name !== 'limit'),
          responses: { 200: { description: 'CSV: at,debateId,moderatorId,action,targetId,reason', content: { 'text/csv': { schema: { type: 'string' } } } }, 400: bad },
        },
      },
    },
    components: {
      schemas: Object.fromEntries(Object.entries(components).map(([name, schema]) => [name, schemaOf(schema)])),
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
  };
}
