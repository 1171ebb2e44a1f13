// What a read model is to the runner: a name (its checkpoint row), the tables it owns (dropped on
// rebuild, compared in tests), their DDL, and a set-based apply of a batch of events.
import type { DebateChanged } from '@booktalk/contracts';
import type pg from 'pg';
import type { ProjectedEvent } from '../events.ts';

export interface ApplyResult {
  /** Debates whose projected state changed, for the bus (only the debate_state projection). */
  changed?: DebateChanged[];
}

export interface Projection {
  name: string;
  /**
   * Bump when apply() would write different rows for the same events (a fixed summary, a new
   * figure). With a fingerprint of `ddl` it makes the definition stored with the checkpoint; a
   * process that finds another definition there replays the projection from 0 (migrate.ts).
   */
  version: number;
  /** Schema-qualified table names, in the order they can be dropped. */
  tables: readonly string[];
  /** CREATE TABLE/INDEX IF NOT EXISTS statements. */
  ddl: string;
  /**
   * The only event types apply() looks at, when it ignores all others. A batch with none of them
   * (and nothing undecodable) is not applied in a transaction of its own: the runner only moves
   * this projection's checkpoint, in one statement with the other idle ones (applyBatch.ts).
   * test/projections/eventTypes.unit.spec.ts feeds every other type to apply() and expects no
   * statement. Omit it for a projection that reads every event (timeline, debate_state).
   */
  eventTypes?: ReadonlySet<string>;
  /**
   * Applies events (all strictly after this projection's checkpoint, in global order) inside the
   * caller's transaction. Must not commit, and must be a pure function of the stored rows and the
   * events: the live run and a rebuild have to produce identical rows.
   */
  apply(db: pg.ClientBase, events: readonly ProjectedEvent[]): Promise<ApplyResult | void>;
}
