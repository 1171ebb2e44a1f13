// Request and response bodies of the command-side HTTP API. Command payloads themselves are the
// contracts' schemas; these only add the HTTP envelope (commandId, ok, positions as strings).
import { CommandId, CreateDebateData, DebateCommandSchema, DebateId, DisplayName, ErrorResponse, INT32_MAX, queryInt } from '@booktalk/contracts';
import { z } from 'zod';

export { ErrorResponse };

/** Global positions travel as decimal strings: they are bigints and may exceed 2^53. */
export const PositionString = z.string().regex(/^\d+$/);

export const SessionRequest = z.object({ displayName: DisplayName });
export type SessionRequest = z.infer<typeof SessionRequest>;
export const SessionResponse = z.object({
  ok: z.literal(true),
  token: z.string(),
  accountId: z.string(),
  displayName: z.string(),
});
export type SessionResponse = z.infer<typeof SessionResponse>;

export const CreateDebateRequest = CreateDebateData.extend({ commandId: CommandId });
export type CreateDebateRequest = z.input<typeof CreateDebateRequest>;
export const CreateDebateResponse = z.object({
  ok: z.literal(true),
  debateId: DebateId,
  position: PositionString,
  version: z.number().int(),
  duplicate: z.boolean(),
});
export type CreateDebateResponse = z.infer<typeof CreateDebateResponse>;

// Creating goes through POST /api/debates (which derives the id); every other command is accepted here.
const commandOptions = DebateCommandSchema.options.filter((o) => o.shape.type.value !== 'CreateDebate');
// Statically just `{commandId, type, data}`: the precise union is checked at run time by the same
// schemas the domain's commands use (the route hands the parsed value on as a DebateCommand).
type CommandWithId = z.ZodObject<{ type: z.ZodLiteral<string>; data: z.ZodType; commandId: typeof CommandId }>;
const withCommandId = commandOptions.map((o) => o.extend({ commandId: CommandId })) as unknown as [
  CommandWithId,
  ...CommandWithId[],
];
export const commandRequestTypes = commandOptions.map((o) => o.shape.type.value);
// zod's own message for an unknown discriminator is a bare "Invalid input": name the choices.
const unknownType = (type: unknown) =>
  type === 'CreateDebate'
    ? 'CreateDebate is sent to POST /api/debates, which assigns the debate id'
    : `Unknown command type ${JSON.stringify(type)}; expected one of: ${commandRequestTypes.join(', ')}`;
export const CommandRequest = z.discriminatedUnion('type', withCommandId, {
  error: (issue) => (issue.code === 'invalid_union' ? unknownType((issue.input as { type?: unknown } | undefined)?.type) : undefined),
});

export const CommandResponse = z.object({
  ok: z.literal(true),
  position: PositionString,
  version: z.number().int(),
  duplicate: z.boolean(),
});
export type CommandResponse = z.infer<typeof CommandResponse>;

export const DebateIdParam = z.object({ debateId: DebateId });

export const EventsQuery = z.object({
  /** First stream version to return (inclusive). */
  from: queryInt(0, INT32_MAX).default(0),
});
export const StoredEventBody = z.object({
  eventId: z.string(),
  type: z.string(),
  version: z.number().int(),
  position: PositionString,
  occurredAt: z.string(),
  /** Always the current schema version: events are upcast before they are served. */
  schemaVersion: z.number().int(),
  data: z.unknown(),
  metadata: z.object({
    commandId: z.string(),
    correlationId: z.string(),
    causationId: z.string().nullable(),
    actorId: z.string(),
    node: z.string(),
  }),
});
export const EventsResponse = z.object({
  ok: z.literal(true),
  debateId: DebateId,
  streamId: z.string(),
  version: z.number().int(),
  events: z.array(StoredEventBody),
});
export type EventsResponse = z.infer<typeof EventsResponse>;

export const HealthResponse = z.object({
  status: z.literal('ok'),
  connections: z.number().int().describe('sockets connected to this node'),
  uptime: z.number().describe('seconds since the process started'),
  timestamp: z.string(),
});

const Check = z.object({ status: z.enum(['ok', 'down']), error: z.string().optional() });
export const ReadinessResponse = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.object({
    database: Check,
    projections: z.array(
      z.object({
        projection: z.string(),
        status: z.enum(['ok', 'lagging', 'parked', 'failing']),
        lag: PositionString.describe('events behind the store head'),
        parked: z.number().int().describe('debates parked by this read model (npm run projections -- list)'),
        error: z.string().optional(),
      }),
    ),
    bus: Check,
  }),
  timestamp: z.string(),
});
