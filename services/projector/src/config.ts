// Environment of the projector process and the rebuild CLI, validated once at start with an
// error that names the bad setting.
import { z } from 'zod';

const PostgresUrl = z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// or postgresql:// URL');

const Env = z.object({
  /** Read models (and, unless EVENTSTORE_URL says otherwise, the PostgreSQL event store). */
  DATABASE_URL: PostgresUrl,
  /** Event store: postgres://… or esdb://… / kurrentdb://… (default: DATABASE_URL). */
  EVENTSTORE_URL: z.string().min(1).optional(),
  PROJECTOR_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(1000),
  /** Events per read and per transaction in `npm run rebuild` (default: REBUILD_BATCH_SIZE). */
  PROJECTOR_REBUILD_BATCH_SIZE: z.coerce.number().int().min(1).max(50_000).optional(),
  /** One connection per projection applies batches concurrently (6), plus reads. */
  PROJECTOR_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(8),
  /** Kafka bootstrap list `host:port,host:port`; unset = in-process bus (nobody else listens). */
  KAFKA_BROKERS: z
    .string()
    .optional()
    // An empty value counts as unset, so `KAFKA_BROKERS=` in an env file means in-process.
    .transform((s) => {
      const list = s
        ?.split(',')
        .map((b) => b.trim())
        .filter(Boolean);
      return list?.length ? list : undefined;
    })
    .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'host:port')).optional()),
  /** Names this process on the bus (its client id); unique per process. Default: projector-<pid>. */
  BOOKTALK_NODE_ID: z.string().min(1).optional(),
});
export type ProjectorConfig = z.infer<typeof Env>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ProjectorConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid projector configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
