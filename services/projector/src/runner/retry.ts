// Retrying parked debates after a fix: each parked debate's held events (from the parked one up to
// the projection's checkpoint) are read from its stream and applied under the checkpoint's row
// lock, so a live runner cannot interleave. A debate that still fails stays parked at the event
// that fails now, with the new error and one more attempt counted.
import { type DebateChanged, debateStreamId } from '@booktalk/contracts';
import type { EventStore } from '@booktalk/eventstore';
import type pg from 'pg';
import { decodeEvents } from '../events.ts';
import { CHECKPOINTS } from '../names.ts';
import { applyUntilFailure } from './isolate.ts';
import { type ParkedStream, listParked, park, unpark } from './parking.ts';
import type { Projection } from './projection.ts';

export interface RetryOutcome {
  entry: ParkedStream;
  healed: boolean;
  /** Events applied by this retry. */
  applied: number;
  /** When still parked: the error of this attempt. */
  error?: string;
}

export interface RetryResult {
  outcomes: RetryOutcome[];
  /** State changes of healed debates (the debate_state projection), for the bus. */
  changed: DebateChanged[];
}

export async function retryParked(
  pool: pg.Pool,
  store: EventStore,
  projections: readonly Projection[],
  filter: { projection?: string; debateId?: string } = {},
): Promise<RetryResult> {
  const byName = new Map(projections.map((p) => [p.name, p]));
  const entries = (await listParked(pool, filter)).filter((e) => byName.has(e.projection));
  const outcomes: RetryOutcome[] = [];
  const changed: DebateChanged[] = [];
  for (const entry of entries) {
    const p = byName.get(entry.projection)!;
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ position: string }>(`SELECT position FROM ${CHECKPOINTS} WHERE projection = $1 FOR UPDATE`, [p.name]);
      const checkpoint = BigInt(rows[0]?.position ?? '0');
      // Read only after the lock: events up to this checkpoint are exactly the ones held back.
      const stored = (await store.readStream(debateStreamId(entry.debateId))).filter((s) => s.position >= entry.position && s.position <= checkpoint);
      const decoded = decodeEvents(stored);
      const firstBad = decoded.undecodable[0];
      const events = firstBad ? decoded.events.filter((e) => e.position < firstBad.position) : decoded.events;
      const result = await applyUntilFailure(client, p, events);
      const failure = result.failed
        ? { position: result.failed.event.position, eventType: result.failed.event.event.type, error: result.failed.error }
        : firstBad
          ? { position: firstBad.position, eventType: firstBad.type, error: firstBad.error }
          : null;
      if (failure) await park(client, { projection: p.name, debateId: entry.debateId, ...failure });
      else await unpark(client, p.name, entry.debateId);
      await client.query('COMMIT');
      changed.push(...result.changed);
      outcomes.push({
        entry,
        healed: failure === null,
        applied: result.applied,
        ...(failure ? { error: failure.error instanceof Error ? failure.error.message : String(failure.error) } : {}),
      });
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
  return { outcomes, changed };
}
