// CLI: `npm run projections -- list | retry [--projection NAME] [--debate ID]`. `list` prints the
// debates parked per projection with the error that parked them; `retry` applies their held
// events again (after a fix) and says which healed and which are still parked, and why.
import { parseArgs } from 'node:util';
import { openShreddingStore } from '@booktalk/accounts';
import { createEventStore } from '@booktalk/eventstore';
import { allProjections, listParked, loadProjectorConfig as loadConfig, migrateReadModels, projectionNames, retryParked } from '@booktalk/projector';
import pg from 'pg';

const usage = 'usage: npm run projections -- list | retry [--projection NAME] [--debate ID]';

try {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--'),
    allowPositionals: true,
    options: { projection: { type: 'string' }, debate: { type: 'string' } },
  });
  const [command] = positionals;
  if ((command !== 'list' && command !== 'retry') || positionals.length > 1) throw new Error(usage);
  if (values.projection && !projectionNames.includes(values.projection)) {
    throw new Error(`Unknown projection ${values.projection}; expected one of: ${projectionNames.join(', ')}`);
  }
  const filter = { ...(values.projection ? { projection: values.projection } : {}), ...(values.debate ? { debateId: values.debate } : {}) };
  const config = loadConfig();
  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 2 });
  try {
    await migrateReadModels(pool);
    if (command === 'list') {
      const parked = await listParked(pool, filter);
      if (parked.length === 0) console.log('No parked debates: every projection applies every debate.');
      for (const p of parked) {
        console.log(`${p.projection}  debate ${p.debateId}  waiting at position ${p.position} (${p.eventType}), ${p.attempts} attempt(s) since ${p.parkedAt}\n  ${p.error}`);
      }
    } else {
      // Personal fields are sealed in the events (@booktalk/accounts): read them as the live projectors do.
      const store = await openShreddingStore(pool, await createEventStore({ url: config.EVENTSTORE_URL ?? config.DATABASE_URL }));
      try {
        const { outcomes } = await retryParked(pool, store, allProjections, filter);
        if (outcomes.length === 0) console.log('Nothing to retry: no parked debates match.');
        for (const o of outcomes) {
          console.log(
            o.healed
              ? `healed   ${o.entry.projection}  debate ${o.entry.debateId}: ${o.applied} event(s) applied`
              : `parked   ${o.entry.projection}  debate ${o.entry.debateId}: still fails — ${o.error}`,
          );
        }
        const still = outcomes.filter((o) => !o.healed).length;
        if (still > 0) {
          console.log(`${still} debate(s) still parked. Running apps pick up healed debates with their next change.`);
          process.exitCode = 1;
        }
      } finally {
        await store.close();
      }
    }
  } finally {
    await pool.end();
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
