// `npm run projections -- list | retry [--projection NAME] [--debate ID]` against the app's own
// database (appDatabase.ts): the debates parked by a projection that could not apply one of their
// events, and retrying them after a fix. The work itself is the projector's parked-streams CLI.
import { runAgainstAppDatabase } from './appDatabase.ts';

await runAgainstAppDatabase('services/app/src/parkedCli.ts', process.argv.slice(2), 'projections');
