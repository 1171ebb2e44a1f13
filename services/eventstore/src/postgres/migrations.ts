// Versioned schema changes, applied in order by migrate.ts. Never edit a shipped migration:
// append a new one.
import type { SchemaNames } from './schema.ts';

export interface Migration {
  version: number;
  name: string;
  sql: (n: SchemaNames) => string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'events and streams',
    sql: ({ schema: s }) => `
      CREATE TABLE ${s}.events (
        position       bigserial PRIMARY KEY,
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        stream_id      text NOT NULL,
        version        integer NOT NULL,
        event_id       uuid NOT NULL DEFAULT gen_random_uuid(),
        type           text NOT NULL,
        schema_version integer NOT NULL DEFAULT 1,
        data           jsonb NOT NULL,
        metadata       jsonb NOT NULL,
        occurred_at    timestamptz NOT NULL DEFAULT now(),
        command_id     text NOT NULL,
        CONSTRAINT events_stream_version UNIQUE (stream_id, version)
      );
      -- Idempotency lookup: has this command already written to this stream?
      CREATE INDEX events_stream_command ON ${s}.events (stream_id, command_id);
      -- One row per stream: its version answers the expected-version check without a scan.
      CREATE TABLE ${s}.streams (
        stream_id text PRIMARY KEY,
        version   integer NOT NULL
      );`,
  },
  {
    version: 2,
    name: 'append function',
    sql: (n) => appendFunction(n),
  },
];

// One round trip per append. Steps, in this order for a reason:
// 1. a transaction-level advisory lock per stream: concurrent appends to one stream queue here,
//    so the loser of a race sees the winner's version instead of hitting the unique key. An
//    advisory lock, not a row lock, because a row lock would assign the transaction id (xid)
//    too early (see 4);
// 2. idempotency by command id, AFTER that lock: a concurrent duplicate waits for the original
//    to commit and then finds it, so it returns duplicate = true rather than a conflict;
// 3. expected-version check, raising SQLSTATE ES409 (mapped to WrongExpectedVersionError);
// 4. xid and positions taken together under a short session-level advisory lock, released at
//    once (not held to commit): a transaction with a lower xid always has lower positions. The
//    reader relies on that (see reader.ts). Failed appends never get here: they take no xid and
//    no positions and so never hold readers back;
// 5. insert and bump the stream version. No NOTIFY here: a NOTIFY makes PostgreSQL serialise
//    commits (measured: halves throughput); the adapter sends a coalesced one after commit.
function appendFunction({ schema: s, appendLockKey, streamLockClass }: SchemaNames): string {
  return `
    CREATE FUNCTION ${s}.append_events(
      p_stream text, p_expected bigint, p_command_id text, p_events jsonb,
      OUT next_version bigint, OUT last_position bigint, OUT duplicate boolean)
    LANGUAGE plpgsql AS $fn$
    DECLARE
      v_current   bigint;
      v_count     integer := jsonb_array_length(p_events);
      v_positions bigint[];
    BEGIN
      IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'ES500',
          MESSAGE = 'append_events must run in a transaction of its own (this one already wrote)';
      END IF;

      PERFORM pg_advisory_xact_lock(${streamLockClass}, hashtext(p_stream));

      SELECT max(e.version), max(e.position) INTO next_version, last_position
        FROM ${s}.events e WHERE e.stream_id = p_stream AND e.command_id = p_command_id;
      IF next_version IS NOT NULL THEN
        duplicate := true;
        RETURN;
      END IF;

      v_current := coalesce((SELECT st.version FROM ${s}.streams st WHERE st.stream_id = p_stream), -1);
      -- p_expected: -2 any, -1 no stream, n >= 0 the exact last version.
      IF p_expected <> -2 AND v_current <> p_expected THEN
        RAISE EXCEPTION USING ERRCODE = 'ES409', MESSAGE = 'wrong expected version', DETAIL = v_current::text;
      END IF;

      PERFORM pg_advisory_lock(${appendLockKey});
      BEGIN
        PERFORM pg_current_xact_id();
        SELECT array_agg(nextval('${s}.events_position_seq') ORDER BY i) INTO v_positions
          FROM generate_series(1, v_count) AS i;
      EXCEPTION WHEN query_canceled OR others THEN
        -- A session lock survives the transaction: never leave it behind.
        PERFORM pg_advisory_unlock(${appendLockKey});
        RAISE;
      END;
      PERFORM pg_advisory_unlock(${appendLockKey});

      INSERT INTO ${s}.events (position, stream_id, version, type, schema_version, data, metadata, occurred_at, command_id)
      SELECT v_positions[e.ord], p_stream, v_current + e.ord, e.value->>'type',
             coalesce((e.value->>'schemaVersion')::integer, 1),
             coalesce(e.value->'data', 'null'::jsonb), e.value->'metadata',
             coalesce((e.value->>'occurredAt')::timestamptz, now()), p_command_id
        FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e(value, ord);

      INSERT INTO ${s}.streams (stream_id, version) VALUES (p_stream, v_current + v_count)
        ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version;
      next_version := v_current + v_count;
      last_position := v_positions[v_count];
      duplicate := false;
    END
    $fn$;`;
}
