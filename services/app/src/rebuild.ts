// `npm run rebuild -- [projection...]` against the app's own database (appDatabase.ts). The work
// itself is the projector's rebuild CLI (progress bar, events/s, ETA).
import { runAgainstAppDatabase } from './appDatabase.ts';

await runAgainstAppDatabase('services/app/src/rebuildCli.ts', process.argv.slice(2), 'rebuild');
