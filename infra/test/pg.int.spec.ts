// Smoke test: the PostgreSQL that tests get is real and supports what the event store uses
// (DDL, insert/select, LISTEN/NOTIFY). Skips locally with a reason; fails under CI=true.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, postgresForTests, requireService } from '../src/testing/index.ts';

const server = requireService(await postgresForTests(), 'PostgreSQL');

describe.skipIf(!server)('postgres (real server)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let client: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase('infra_smoke');
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it('creates a table, inserts and selects in a fresh database', async () => {
    const { rows: dbRows } = await client.query<{ db: string }>('select current_database() as db');
    expect(dbRows[0]?.db).toMatch(/^infra_smoke_/);
    await client.query('create table t (id serial primary key, body jsonb not null)');
    await client.query('insert into t (body) values ($1), ($2)', [{ a: 1 }, { a: 2 }]);
    const { rows } = await client.query<{ body: { a: number } }>('select body from t order by id');
    expect(rows.map((r) => r.body.a)).toEqual([1, 2]);
  });

  it('delivers NOTIFY to a LISTENing connection', async () => {
    const listener = new pg.Client({ connectionString: db.url });
    await listener.connect();
    try {
      await listener.query('listen smoke');
      const got = new Promise<string | undefined>((resolve) => listener.once('notification', (n) => resolve(n.payload)));
      await client.query(`select pg_notify('smoke', 'hello')`);
      await expect(got).resolves.toBe('hello');
    } finally {
      await listener.end();
    }
  });
});
