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
  {
    version: 3,
    name: 'batch append function',
    sql: (n) => appendManyFunction(n),
  },
  {
    // Readers stop below the appends in flight in THIS database (their locks in pg_locks)
    // instead of below the oldest transaction of the whole server (reader.ts says why).
    version: 4,
    name: 'in-flight append locks and the settled position',
    sql: (n) => [
      appendFunction(n, reservePositionsInFlight, 'CREATE OR REPLACE FUNCTION'),
      appendManyFunction(n, reservePositionsInFlight, 'CREATE OR REPLACE FUNCTION'),
      settledPositionFunction(n),
    ].join('\n'),
  },
];

// One round trip per append. Steps, in this order for a reason:
// 1. a transaction-level advisory lock per stream: concurrent appends to one stream queue here,
//    so the loser of a race sees the winner's version instead of hitting the unique key. (An
//    advisory lock, not a row lock: a row lock would assign the transaction id early, which
//    the reader's rule up to migration 4 depended on);
// 2. idempotency by command id, AFTER that lock: a concurrent duplicate waits for the original
//    to commit and then finds it, so it returns duplicate = true rather than a conflict;
// 3. expected-version check, raising SQLSTATE ES409 (mapped to WrongExpectedVersionError);
// 4. positions reserved under a short session-level advisory lock, released at once (not held
//    to commit), and before releasing it an in-flight lock on the first position, held to
//    commit (reservePositionsInFlight since migration 4; migrations 2-3 took the xid there
//    instead). The reader relies on that (see reader.ts). Failed appends never get here: they
//    reserve no positions and so never hold readers back;
// 5. insert and bump the stream version. No NOTIFY here: a NOTIFY makes PostgreSQL serialise
//    commits (measured: halves throughput); the adapter sends a coalesced one after commit.
/**
 * Step 4 of both append functions, the invariant reader.ts relies on. One text for both
 * functions so they cannot drift apart. Fills `v_positions` with `count` positions.
 */
type Reserve = (n: SchemaNames, count: string) => string;

/**
 * Step 4 as migrations 2 and 3 shipped it (kept so they stay what they were): the transaction id
 * and the positions taken together under a short session-level lock, so xid order == position
 * order, for the snapshot rule readers used until migration 4.
 */
function reservePositionsWithXid(n: SchemaNames, count: string): string {
  return underAppendLock(n, `PERFORM pg_current_xact_id();
        SELECT array_agg(nextval('${n.schema}.events_position_seq') ORDER BY g) INTO v_positions
          FROM generate_series(1, ${count}) AS g;`);
}

/** `body` under the short session-level append lock, released on every path. */
function underAppendLock({ appendLockKey }: SchemaNames, body: string): string {
  return `PERFORM pg_advisory_lock(${appendLockKey});
      BEGIN
        ${body}
      EXCEPTION WHEN query_canceled OR others THEN
        -- A session lock survives the transaction: never leave it behind.
        PERFORM pg_advisory_unlock(${appendLockKey});
        RAISE;
      END;
      PERFORM pg_advisory_unlock(${appendLockKey});`;
}

/**
 * Step 4 since migration 4: positions are reserved under the same short session lock, and before
 * releasing it the append takes a transaction-level advisory lock on (marker << 48 | its first
 * position), held until it commits or rolls back. So whenever no reservation is half done (the
 * short lock is free), every reserved position either belongs to a transaction that has ended
 * or lies at/above a lock in pg_locks. settled_position() reads exactly that (see reader.ts).
 */
function reservePositionsInFlight(n: SchemaNames, count: string): string {
  return underAppendLock(n, `SELECT array_agg(nextval('${n.schema}.events_position_seq') ORDER BY g) INTO v_positions
          FROM generate_series(1, ${count}) AS g;
        PERFORM pg_advisory_xact_lock((${n.inflightMarker}::bigint << 48) | v_positions[1]);`);
}

/**
 * The highest position at or below which every append has ended (committed or rolled back):
 * one below the lowest append in flight in this database, else the last reserved position.
 * Taken under the append lock in shared mode, so no reservation is half done while we look.
 * A caller must read events in a LATER statement: that statement's snapshot then sees every
 * committed event up to this position (reader.ts).
 */
function settledPositionFunction({ schema: s, appendLockKey, inflightMarker }: SchemaNames): string {
  return `
    CREATE FUNCTION ${s}.settled_position() RETURNS bigint
    LANGUAGE plpgsql VOLATILE AS $fn$
    DECLARE
      v_last     bigint;
      v_called   boolean;
      v_inflight bigint;
    BEGIN
      PERFORM pg_advisory_lock_shared(${appendLockKey});
      BEGIN
        SELECT last_value, is_called INTO v_last, v_called FROM ${s}.events_position_seq;
        -- Bigint advisory keys appear as classid = key >> 32, objid = key & 0xffffffff, objsubid 1.
        SELECT min(((l.classid::bigint & 65535) << 32) | l.objid::bigint) INTO v_inflight
          FROM pg_locks l
         WHERE l.locktype = 'advisory' AND l.objsubid = 1 AND l.granted
           AND l.database = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())
           AND (l.classid::bigint >> 16) = ${inflightMarker};
      EXCEPTION WHEN query_canceled OR others THEN
        PERFORM pg_advisory_unlock_shared(${appendLockKey});
        RAISE;
      END;
      PERFORM pg_advisory_unlock_shared(${appendLockKey});
      IF NOT v_called THEN
        v_last := 0;
      END IF;
      -- A foreign lock that happens to carry our marker cannot name a position above v_last.
      RETURN CASE WHEN v_inflight IS NULL OR v_inflight > v_last THEN v_last ELSE v_inflight - 1 END;
    END
    $fn$;`;
}

function appendFunction(n: SchemaNames, reserve: Reserve = reservePositionsWithXid, create = 'CREATE FUNCTION'): string {
  const { schema: s, streamLockClass } = n;
  return `
    ${create} ${s}.append_events(
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

      ${reserve(n, 'v_count')}

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

// Many independent appends in one transaction (group commit: one commit, one round trip for many
// commands). The same steps as append_events, with these differences, each for a reason:
// 1. every stream's lock is taken up front in one fixed order (sorted keys), so two calls that
//    share streams cannot deadlock;
// 2./3. each item is checked in the given order, and a conflicting item is SKIPPED (outcome
//    'conflict' with the actual version), not raised: a raise would abort the others. The
//    alternative, a BEGIN ... EXCEPTION subtransaction per item, costs a subtransaction (and, once
//    it writes, a subxid; over 64 per transaction PostgreSQL's snapshots overflow) per item.
//    Nothing is written during the checks (a write would take the xid early), so items of
//    this call on the same stream are tracked in v_streams / v_planned;
// 4. ALL positions in one short reservation, exactly as append_events, with one in-flight lock
//    on the first of them (reader.ts relies on it). Skipped when nothing is written: a call of
//    conflicts and duplicates reserves nothing and holds no reader back;
// 5. one set-based insert of every written event and one upsert per touched stream.
// Returns one row per item: outcome 'ok' | 'duplicate' | 'conflict'; next_version is the last
// version written (ok), the command's last version (duplicate) or the stream's version, -1 for
// none (conflict); last_position is null for a conflict.
function appendManyFunction(n: SchemaNames, reserve: Reserve = reservePositionsWithXid, create = 'CREATE FUNCTION'): string {
  const { schema: s, streamLockClass } = n;
  return `
    ${create} ${s}.append_events_many(
      p_streams text[], p_expected bigint[], p_command_ids text[], p_events jsonb)
    RETURNS TABLE (item integer, outcome text, next_version bigint, last_position bigint)
    LANGUAGE plpgsql AS $fn$
    DECLARE
      n           integer := coalesce(cardinality(p_streams), 0);
      v_key       integer;
      v_outcome   text[]    := array_fill(NULL::text, ARRAY[n]);
      v_version   bigint[]  := array_fill(NULL::bigint, ARRAY[n]);
      v_position  bigint[]  := array_fill(NULL::bigint, ARRAY[n]);
      v_count     integer[] := array_fill(0, ARRAY[n]);
      v_offset    integer[] := array_fill(0, ARRAY[n]);
      v_dup_of    integer[] := array_fill(NULL::integer, ARRAY[n]);
      v_streams   jsonb := '{}';  -- stream -> its version once this call's planned items are written
      v_planned   jsonb := '{}';  -- [stream, command id] -> the item of this call that writes it
      v_pair      text;
      v_found_ver bigint;
      v_found_pos bigint;
      v_current   bigint;
      v_total     integer := 0;
      v_positions bigint[];
    BEGIN
      IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'ES500',
          MESSAGE = 'append_events_many must run in a transaction of its own (this one already wrote)';
      END IF;
      IF coalesce(cardinality(p_expected), 0) <> n OR coalesce(cardinality(p_command_ids), 0) <> n
         OR jsonb_array_length(p_events) <> n THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'append_events_many: argument lengths differ';
      END IF;
      IF n = 0 THEN
        RETURN;
      END IF;

      FOR v_key IN SELECT DISTINCT hashtext(x) FROM unnest(p_streams) AS x ORDER BY 1 LOOP
        PERFORM pg_advisory_xact_lock(${streamLockClass}, v_key);
      END LOOP;

      FOR i IN 1..n LOOP
        v_pair := jsonb_build_array(p_streams[i], p_command_ids[i])::text;
        IF v_planned ? v_pair THEN
          v_outcome[i] := 'duplicate';
          v_dup_of[i] := (v_planned->>v_pair)::integer;
          CONTINUE;
        END IF;
        SELECT max(e.version), max(e.position) INTO v_found_ver, v_found_pos
          FROM ${s}.events e WHERE e.stream_id = p_streams[i] AND e.command_id = p_command_ids[i];
        IF v_found_ver IS NOT NULL THEN
          v_outcome[i] := 'duplicate';
          v_version[i] := v_found_ver;
          v_position[i] := v_found_pos;
          CONTINUE;
        END IF;
        v_current := coalesce((v_streams->>p_streams[i])::bigint,
          (SELECT st.version FROM ${s}.streams st WHERE st.stream_id = p_streams[i]), -1);
        -- p_expected: -2 any, -1 no stream, n >= 0 the exact last version.
        IF p_expected[i] <> -2 AND v_current <> p_expected[i] THEN
          v_outcome[i] := 'conflict';
          v_version[i] := v_current;
          CONTINUE;
        END IF;
        v_outcome[i] := 'ok';
        v_count[i] := jsonb_array_length(p_events->(i - 1));
        v_offset[i] := v_total;
        v_total := v_total + v_count[i];
        v_version[i] := v_current + v_count[i];
        v_streams := v_streams || jsonb_build_object(p_streams[i], v_version[i]);
        v_planned := v_planned || jsonb_build_object(v_pair, i);
      END LOOP;

      IF v_total > 0 THEN
        ${reserve(n, 'v_total')}

        INSERT INTO ${s}.events (position, stream_id, version, type, schema_version, data, metadata, occurred_at, command_id)
        SELECT v_positions[v_offset[t.idx] + e.ord], p_streams[t.idx], v_version[t.idx] - v_count[t.idx] + e.ord,
               e.value->>'type', coalesce((e.value->>'schemaVersion')::integer, 1),
               coalesce(e.value->'data', 'null'::jsonb), e.value->'metadata',
               coalesce((e.value->>'occurredAt')::timestamptz, now()), p_command_ids[t.idx]
          FROM generate_series(1, n) AS t(idx)
          CROSS JOIN LATERAL jsonb_array_elements(p_events->(t.idx - 1)) WITH ORDINALITY AS e(value, ord)
         WHERE v_outcome[t.idx] = 'ok';

        INSERT INTO ${s}.streams (stream_id, version)
        SELECT j.key, j.value::integer FROM jsonb_each_text(v_streams) AS j
          ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version;

        FOR i IN 1..n LOOP
          IF v_outcome[i] = 'ok' THEN
            v_position[i] := v_positions[v_offset[i] + v_count[i]];
          END IF;
        END LOOP;
      END IF;

      -- Copies of a command within this call answer with what the first copy wrote.
      FOR i IN 1..n LOOP
        IF v_dup_of[i] IS NOT NULL THEN
          v_version[i] := v_version[v_dup_of[i]];
          v_position[i] := v_position[v_dup_of[i]];
        END IF;
      END LOOP;

      RETURN QUERY SELECT t.idx, v_outcome[t.idx], v_version[t.idx], v_position[t.idx]
        FROM generate_series(1, n) AS t(idx);
    END
    $fn$;`;
}
