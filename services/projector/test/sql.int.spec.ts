// arrayLiteral builds the array literals every write goes through: whatever the text, PostgreSQL
// must read back exactly the values (fast JSON path and escaping loop alike).
import { createTestDatabase, postgresForTests, requireService } from '@booktalk/infra/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrayLiteral } from '../src/sql.ts';

const server = requireService(await postgresForTests(), 'PostgreSQL');

const tricky = [
  '', 'plain', 'NULL', 'null', 'a,b', '{braces}', ' spaced ', 'say "hi"', 'back\\slash', '\\"', '\\\\n',
  'line\nbreak', 'tab\there', 'cr\r', 'bell\u0007', 'ünïcødé — “quotes” 🎙️', '\\u0041', 'ends with \\',
];

describe.skipIf(!server)('arrayLiteral', () => {
  let db: { url: string; drop(): Promise<void> };
  let pool: pg.Pool;
  beforeAll(async () => {
    db = await createTestDatabase('sql');
    pool = new pg.Pool({ connectionString: db.url, max: 1 });
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });
  const roundTrip = async (values: (string | null)[]) =>
    (await pool.query<{ v: string | null }>('SELECT unnest($1::text[]) AS v', [arrayLiteral(values)])).rows.map((r) => r.v);

  it('reads back every value, on the JSON fast path and off it', async () => {
    // Values JSON escapes exactly like an array literal (the fast path), then all of them.
    const safe = tricky.filter((v) => JSON.stringify(v) === `"${v.replace(/["\\]/g, '\\$&')}"`);
    expect(safe.length).toBeLessThan(tricky.length);
    expect(await roundTrip([...safe, null])).toEqual([...safe, null]);
    expect(await roundTrip([...tricky, null])).toEqual([...tricky, null]);
    for (const v of tricky) expect(await roundTrip([v])).toEqual([v]);
    expect(await roundTrip([])).toEqual([]);
  });
});
