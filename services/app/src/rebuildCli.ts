// CLI: `npm run rebuild -- [projection...]` drops the named read models (all when none are
// named) and replays the store from position 0, with a progress bar on stderr.
import { openShreddingStore } from '@booktalk/accounts';
import { createEventStore } from '@booktalk/eventstore';
import { loadProjectorConfig as loadConfig, migrateReadModels, progressBar, rebuildProjections, selectProjections } from '@booktalk/projector';
import pg from 'pg';

try {
  const config = loadConfig();
  const projections = selectProjections(process.argv.slice(2).filter((a) => a !== '--'));
  // One connection per projection lane (they write concurrently) and one spare.
  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: projections.length + 1 });
  // Personal fields are sealed in the events (@booktalk/accounts): read them as the live projectors do.
  const store = await openShreddingStore(pool, await createEventStore({ url: config.EVENTSTORE_URL ?? config.DATABASE_URL }));
  await migrateReadModels(pool);
  process.stderr.write(`Rebuilding ${projections.map((p) => p.name).join(', ')}\n`);
  const bar = progressBar();
  const result = await rebuildProjections({ pool, store, projections, batchSize: config.PROJECTOR_REBUILD_BATCH_SIZE, onProgress: (p) => bar.update(p) });
  bar.done(result);
  const seconds = result.elapsedMs / 1000;
  process.stderr.write(`Replayed ${result.events} events in ${seconds.toFixed(1)} s (${Math.round(result.events / Math.max(seconds, 1e-3))} events/s)\n`);
  await store.close();
  await pool.end();
} catch (error) {
  process.stderr.write(`rebuild failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
