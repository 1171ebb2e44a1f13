// The app's own database for its maintenance commands (`npm run rebuild`, `npm run projections`):
// DATABASE_URL when set, otherwise the embedded PostgreSQL — the running app's when it is up (the
// command runs beside the live projectors), or started here just for the command.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from './config.ts';
import { embeddedDatabaseUrl, startEmbeddedPostgres } from './embeddedPostgres.ts';
import { createLogger } from './logger.ts';
import { portOpen } from './portOpen.ts';
import { spawn } from 'node:child_process';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Runs a CLI script (path from the repo root) with DATABASE_URL set to the app's database; exits with its code. */
export async function runAgainstAppDatabase(script: string, args: string[], what: string): Promise<never> {
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
      const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(repoRoot, script), ...args], {
        stdio: 'inherit',
        env: { ...process.env, DATABASE_URL: url },
      });
      child.on('exit', (c) => resolve(c ?? 1));
    });
    await stop?.();
    process.exit(code);
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : `${what} failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
