// `npm run rebuild -- [projection...]` against the app's own database: DATABASE_URL when set,
// otherwise the embedded PostgreSQL — the running app's when it is up (a rebuild may run beside
// the live projectors), or started here just for the rebuild. The work itself is the projector's
// rebuild CLI (progress bar, events/s, ETA).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from './config.ts';
import { embeddedDatabaseUrl, startEmbeddedPostgres } from './embeddedPostgres.ts';
import { createLogger } from './logger.ts';
import { portOpen } from './portOpen.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const projectorCli = path.resolve(repoRoot, 'services/projector/src/rebuild.ts');


try {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, config.BOOKTALK_NODE_ID);
  let url = config.DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  if (!url) {
    if (await portOpen(config.BOOKTALK_EMBEDDED_PG_PORT)) {
      url = embeddedDatabaseUrl(config.BOOKTALK_EMBEDDED_PG_PORT);
    } else {
      const db = await startEmbeddedPostgres({
        dataDir: path.resolve(repoRoot, config.BOOKTALK_DATA_DIR ?? '.data', 'postgres'),
        port: config.BOOKTALK_EMBEDDED_PG_PORT,
        log,
      });
      url = db.url;
      stop = db.stop;
    }
  }
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', projectorCli, ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, DATABASE_URL: url },
    });
    child.on('exit', (c) => resolve(c ?? 1));
  });
  await stop?.();
  process.exit(code);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `rebuild failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
