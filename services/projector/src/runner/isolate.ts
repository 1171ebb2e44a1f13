// Applies a batch so that one debate's poison event cannot stop the others. The fast path is the
// projection's set-based apply of the whole batch; only when that throws does it fall back to one
// debate at a time, then one event at a time inside the failing debate, each under a savepoint,
// and park the debate at the first event that fails (parking.ts). Events of parked debates wait.
//
// Only deterministic failures park: an error in the projection's own code, or PostgreSQL refusing
// the data. A lost connection, a serialisation failure, a deadlock, a shutdown or a full disk
// would fail every debate alike: those are thrown, and the subscription retries the whole batch.
import type { DebateChanged } from '@booktalk/contracts';
import type pg from 'pg';
import { type DecodedBatch, type ProjectedEvent, byDebate } from '../events.ts';
import { describeError, park, parkedAmong } from './parking.ts';
import type { Projection } from './projection.ts';

export interface ParkedNow {
  projection: string;
  debateId: string;
  position: bigint;
  eventType: string;
  error: string;
}

export interface IsolatedResult {
  applied: number;
  changed: DebateChanged[];
  parked: ParkedNow[];
}

/** SQLSTATE classes that say nothing about the data: connection (08), rollback (40), resources (53), operator (57), system (58). */
const TRANSIENT_CLASSES = new Set(['08', '40', '53', '57', '58']);

export function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.length === 5) return TRANSIENT_CLASSES.has(code.slice(0, 2));
  // node-postgres reports a dropped connection as a plain Error without a SQLSTATE.
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|connection is closed|ECONNRESET|ECONNREFUSED|Client has encountered a connection error/i.test(message);
}

/** Runs `work` under a savepoint: committed into the transaction on success, undone on a deterministic failure. */
async function underSavepoint<T>(db: pg.ClientBase, work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  await db.query('SAVEPOINT isolate');
  try {
    const value = await work();
    await db.query('RELEASE SAVEPOINT isolate');
    return { ok: true, value };
  } catch (error) {
    if (isTransient(error)) throw error;
    // If even this fails the connection is unusable: throw that, the batch is retried.
    await db.query('ROLLBACK TO SAVEPOINT isolate');
    await db.query('RELEASE SAVEPOINT isolate');
    return { ok: false, error };
  }
}

/** The last DebateChanged per debate (a debate applied event by event reports each step). */
const latestPerDebate = (changed: DebateChanged[]): DebateChanged[] => [...new Map(changed.map((c) => [c.debateId, c])).values()];

export async function applyIsolating(db: pg.ClientBase, p: Projection, batch: DecodedBatch): Promise<IsolatedResult> {
  const parked: ParkedNow[] = [];
  const debateIds = [...new Set([...batch.events.map((e) => e.debateId), ...batch.undecodable.map((u) => u.debateId)])];
  // Debates already parked: every fresh event of theirs waits behind the parked one.
  const waiting = await parkedAmong(db, p.name, debateIds);
  // An undecodable event parks its debate from there on (earlier events of the batch still apply).
  const holdFrom = new Map<string, bigint>();
  for (const u of batch.undecodable) {
    if (waiting.has(u.debateId) || holdFrom.has(u.debateId)) continue;
    holdFrom.set(u.debateId, u.position);
    const entry = { projection: p.name, debateId: u.debateId, position: u.position, eventType: u.type, error: u.error };
    await park(db, entry);
    parked.push({ ...entry, error: describeError(u.error) });
  }
  const held = (e: ProjectedEvent) => {
    if (waiting.has(e.debateId)) return true;
    const from = holdFrom.get(e.debateId);
    return from !== undefined && e.position >= from;
  };
  const ready = batch.events.filter((e) => !held(e));
  if (ready.length === 0) return { applied: 0, changed: [], parked };

  const whole = await underSavepoint(db, () => p.apply(db, ready));
  if (whole.ok) return { applied: ready.length, changed: whole.value?.changed ?? [], parked };

  let applied = 0;
  const changed: DebateChanged[] = [];
  for (const [debateId, events] of byDebate(ready)) {
    const debate = await underSavepoint(db, () => p.apply(db, events));
    if (debate.ok) {
      applied += events.length;
      changed.push(...(debate.value?.changed ?? []));
      continue;
    }
    const one = await applyUntilFailure(db, p, events);
    applied += one.applied;
    changed.push(...one.changed);
    if (one.failed) {
      const entry = { projection: p.name, debateId, position: one.failed.event.position, eventType: one.failed.event.event.type, error: one.failed.error };
      await park(db, entry);
      parked.push({ ...entry, error: describeError(one.failed.error) });
    }
  }
  return { applied, changed: latestPerDebate(changed), parked };
}

/** One event at a time, in order, stopping at the first that fails. */
export async function applyUntilFailure(
  db: pg.ClientBase,
  p: Projection,
  events: readonly ProjectedEvent[],
): Promise<{ applied: number; changed: DebateChanged[]; failed: { event: ProjectedEvent; error: unknown } | null }> {
  let applied = 0;
  const changed: DebateChanged[] = [];
  for (const event of events) {
    const one = await underSavepoint(db, () => p.apply(db, [event]));
    if (!one.ok) return { applied, changed, failed: { event, error: one.error } };
    applied++;
    changed.push(...(one.value?.changed ?? []));
  }
  return { applied, changed: latestPerDebate(changed), failed: null };
}
