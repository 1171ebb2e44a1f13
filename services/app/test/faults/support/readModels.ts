// Read-model checks shared by the fault tests: wait until every projection holds the committed
// head, then compare every read model with a clean rebuild from the store.
import { openShreddingStore } from '@booktalk/accounts';
import { PostgresEventStore } from '@booktalk/eventstore';
import { allProjections, rebuildProjections } from '@booktalk/projector';
import { dumpReadModels, waitForCatchUp } from '@booktalk/projector/testing';
import pg from 'pg';

export { waitForCatchUp };

export interface RebuildComparison {
  events: number;
  timelineRows: number;
  equal: boolean;
  /** Tables whose rows differ between the live read models and the rebuild. */
  differing: string[];
}

/**
 * Dumps the live read models, replays all of them from position 0 through the same
 * crypto-shredding store the app uses, and compares. Nothing may run projections meanwhile.
 */
export async function compareWithRebuild(databaseUrl: string): Promise<RebuildComparison> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  const raw = await PostgresEventStore.connect({ connectionString: databaseUrl });
  try {
    const store = await openShreddingStore(pool, raw);
    const live = await dumpReadModels(pool);
    const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM eventstore.events');
    await rebuildProjections({ pool, store, projections: allProjections });
    const rebuilt = await dumpReadModels(pool);
    const differing = Object.keys(rebuilt).filter((t) => JSON.stringify(rebuilt[t]) !== JSON.stringify(live[t]));
    return { events: Number(rows[0]!.n), timelineRows: live['readmodels.timeline']?.length ?? 0, equal: differing.length === 0, differing };
  } finally {
    await raw.close();
    await pool.end();
  }
}
