// All configuration comes from the environment, validated once at start. A bad value stops the
// process with a message that names the setting, before anything is started.
import { hostname } from 'node:os';
import { accountsConfigFromEnv } from '@booktalk/accounts';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65_535);

export const ConfigSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Event store + read models. Unset: an embedded PostgreSQL is started under BOOKTALK_DATA_DIR. */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  /** Optional EventStoreDB/KurrentDB event store (esdb:// or kurrentdb://); read models stay in PostgreSQL. */
  EVENTSTORE_URL: z.string().regex(/^(esdb|kurrentdb)(\+discover)?:\/\//, 'must be an esdb:// or kurrentdb:// URL').optional(),
  BOOKTALK_DATA_DIR: z.string().min(1).optional(),
  BOOKTALK_EMBEDDED_PG_PORT: port.default(54330),
  /** HS256 key for session tokens. Unset: a key made on the first start and kept in BOOKTALK_DATA_DIR/session-key (0600). */
  BOOKTALK_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  BOOKTALK_NODE_ID: z.string().min(1).max(128).default(`${hostname()}-${process.pid}`),
  BOOKTALK_CORS_ORIGINS: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((o) => o.trim()).filter(Boolean)),
  /** Kafka bootstrap brokers (comma-separated host:port). Unset: the in-process bus. */
  KAFKA_BROKERS: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((b) => b.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'each broker must be host:port'))),
  /** `off` on API nodes of the scaled setup, where the projector runs as its own process. */
  BOOKTALK_PROJECTORS: z.enum(['in-process', 'off']).default('in-process'),
  /** Signaling (socket.io): heartbeat, largest frame, per-socket rate limits, voice grace period. */
  BOOKTALK_SOCKET_PING_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(60_000),
  BOOKTALK_SOCKET_PING_INTERVAL_MS: z.coerce.number().int().min(1_000).default(25_000),
  BOOKTALK_SOCKET_MAX_BUFFER_BYTES: z.coerce.number().int().min(1_024).default(1_048_576),
  BOOKTALK_SOCKET_RATE_MESSAGES: z.coerce.number().int().min(1).default(100),
  BOOKTALK_SOCKET_RATE_BYTES: z.coerce.number().int().min(1_024).default(1_048_576),
  BOOKTALK_VOICE_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  /** Requests per minute per client (account, else address) on /api routes, socket messages that write included (one budget); 0 = no limit. */
  BOOKTALK_RATE_LIMIT: z.coerce.number().int().min(0).max(1_000_000).default(1_200),
  /**
   * Which peers may say who the client is (X-Forwarded-For), for the per-address limits (sign-in
   * included) and logs. Default `off`: the socket's own address, whatever the headers claim (with
   * loopback trusted, a rotating header made every request a new client). Behind a proxy: its hop
   * count (`1`), or its addresses / subnets and the names `loopback`, `linklocal`, `uniquelocal`.
   */
  BOOKTALK_TRUST_PROXY: z
    .string()
    .default('off')
    .transform((v) => v.trim())
    .pipe(
      z
        .string()
        .regex(
          /^(off|[1-9]\d?|((loopback|linklocal|uniquelocal|[0-9A-Fa-f:.]+(\/\d{1,3})?)\s*(,\s*|$))+)$/,
          'must be off, a hop count (1-99), or comma-separated addresses / subnets / loopback / linklocal / uniquelocal',
        ),
    )
    .transform((v): false | number | string[] => (v === 'off' ? false : /^\d+$/.test(v) ? Number(v) : v.split(',').map((p) => p.trim()).filter(Boolean))),
  /** `off`: no web app (API-only nodes, tests); `on`: build web/ when its sources changed, then serve it at /. */
  BOOKTALK_WEB: z.enum(['on', 'off']).default('on'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Stage mode's SFU: Janus's websockets transport (ws://, wss:// or ws+unix:///path). Unset: mesh only. */
  /** Several, comma-separated: each debate's room goes on one of them by a stable rule (rendezvous hashing). */
  JANUS_URL: z
    .string()
    .transform((v) => v.split(',').map((u) => u.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^wss?(\+unix)?:\/\//, 'must be ws://, wss:// or ws+unix:// URLs, comma-separated')).min(1))
    .optional(),
  JANUS_API_SECRET: z.string().min(1).optional(),
  /** The VideoRoom plugin's admin_key (creating rooms); required with JANUS_URL. */
  JANUS_ADMIN_KEY: z.string().min(1).optional(),
  /** Key of the per-room secrets (the same on every node). Unset: random per process. */
  BOOKTALK_STAGE_ROOM_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** With an SFU: listeners move to the stage when the audience is larger than this (0: always). */
  BOOKTALK_STAGE_ABOVE: z.coerce.number().int().min(0).max(100_000).default(6),
  /** With the SFU lost: an audience up to this size falls back to the mesh; a larger one waits for the SFU. */
  BOOKTALK_MESH_FALLBACK_MAX: z.coerce.number().int().min(0).max(64).default(8),
});
export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings are "unset": `PORT= npm start` should not mean port 0.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.safeParse(cleaned);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message} (got ${JSON.stringify(cleaned[String(i.path[0])])})`);
  // The accounts settings are read by the accounts context; checked here too, so that a bad one
  // stops `npm start` with the others, before anything starts.
  try {
    accountsConfigFromEnv(env);
  } catch (error) {
    problems.push(...(error as Error).message.split('\n').slice(1).map((line) => line.replace(/^\s*- /, '')));
  }
  if (!parsed.success || problems.length) throw new ConfigError(problems);
  return parsed.data;
}
