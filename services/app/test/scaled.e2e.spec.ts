// The scaled setup for real: a projector process publishing on Kafka and two API nodes with
// BOOKTALK_PROJECTORS=off on one PostgreSQL. A debate is driven through both nodes; a timed turn
// granted on one node is expired by the timekeepers (armed from Kafka messages) exactly once.
import { randomUUID } from 'node:crypto';
import { createTestDatabase, kafkaForTests, requireService } from '@booktalk/infra/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Started, startEntry } from './support/processes.ts';

const kafka = requireService(await kafkaForTests(), 'Kafka');

describe.skipIf(!kafka)('scaled setup: projector process + two API nodes over Kafka', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const started: Started[] = [];
  let node1 = '';
  let node2 = '';

  beforeAll(async () => {
    db = await createTestDatabase('scaled');
    const env = {
      ...process.env,
      DATABASE_URL: db.url,
      KAFKA_BROKERS: kafka!.brokers.join(','),
      BOOKTALK_JWT_SECRET: 'scaled-test-secret-0123456789abcdef',
      LOG_LEVEL: 'info',
    };
    started.push(await startEntry('services/app/src/projectorProcess.ts', { ...env, BOOKTALK_NODE_ID: `projector-${randomUUID().slice(0, 8)}` }, /projector started/));
    const apiNode = (id: string) =>
      startEntry('services/app/src/main.ts', { ...env, PORT: '0', BOOKTALK_PROJECTORS: 'off', BOOKTALK_WEB: 'off', BOOKTALK_NODE_ID: id }, /BookTalk is running at (http:\/\/\S+?) /);
    // Fresh node ids: each node's Kafka consumer group starts at the live end, as on a new deployment.
    const run = randomUUID().slice(0, 8);
    const [a, b] = await Promise.all([apiNode(`api-1-${run}`), apiNode(`api-2-${run}`)]);
    started.push(a!, b!);
    node1 = a!.match;
    node2 = b!.match;
  }, 90_000);

  afterAll(async () => {
    const codes = await Promise.all(started.map((s) => s.stop()));
    await db?.drop();
    // Every process shut down on SIGTERM by itself (exit code 0), nothing killed.
    expect(codes).toEqual(started.map(() => 0));
  }, 30_000);

  const call = async (base: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(base + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${path} → ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  /** The projected view, or undefined while the projector has not written the debate yet. */
  const view = async <T>(base: string, debateId: string): Promise<T | undefined> => {
    const res = await fetch(`${base}/api/debates/${debateId}`);
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`view → ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const until = async <T>(what: string, probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> => {
    const end = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('projects commands from both nodes and expires a timed turn exactly once', async () => {
    const session = async (base: string, name: string) => (await call(base, '/api/accounts', { username: `${name.toLowerCase()}-${randomUUID().slice(0, 8)}`, displayName: name, password: 'a-long-enough-password' })).token as string;
    // One shared key: a session from node 1 is valid on node 2.
    const host = await session(node1, 'Host');
    const alice = await session(node2, 'Alice');
    const { debateId } = (await call(
      node1,
      '/api/debates',
      { commandId: randomUUID(), title: 'Scaled night', book: { title: 'Middlemarch', author: 'George Eliot' }, motion: 'Dorothea chose well', format: 'free' },
      host,
    )) as { debateId: string };
    const command = (base: string, token: string, type: string, data: unknown = {}) =>
      call(base, `/api/debates/${debateId}/commands`, { commandId: randomUUID(), type, data }, token);

    await command(node2, host, 'OpenDebate');
    await command(node1, alice, 'JoinDebate', { role: 'speaker' });
    await command(node2, host, 'StartDebate');
    await command(node1, host, 'AdvanceRound'); // PRESENTATION: Alice's slot
    await command(node2, alice, 'YieldTurn'); // last slot → the open floor
    await command(node1, alice, 'RaiseHand');
    await command(node2, host, 'GrantTurn', { durationMs: 5_000 });

    // Both nodes serve the same projected state (read models written by the projector process).
    const running = await until('the granted turn on node 1', async () => {
      const v = await view<{ currentTurn: { turnNo: number } | null }>(node1, debateId);
      return v?.currentTurn?.turnNo === 2 ? v : undefined;
    });
    expect((await call(node2, `/api/debates/${debateId}`)).currentTurn).toEqual(running.currentTurn);

    // Both nodes' timekeepers saw the change on Kafka; the turn expires once, at its deadline.
    const ended = await until(
      'the expiry',
      async () => {
        const v = await view<{ currentTurn: unknown; position: string }>(node2, debateId);
        return v?.currentTurn === null ? v : undefined;
      },
      15_000,
    );
    expect(ended.currentTurn).toBeNull();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ reason: string; n: string }>(
        `SELECT data->>'reason' AS reason, count(*)::text AS n FROM eventstore.events
          WHERE stream_id = $1 AND type = 'TurnEnded' AND (data->>'turnNo')::int = 2 GROUP BY 1`,
        [`debate-${debateId}`],
      );
      expect(rows).toEqual([{ reason: 'expired', n: '1' }]);
      const warnings = await client.query(`SELECT 1 FROM eventstore.events WHERE stream_id = $1 AND type = 'TurnWarningIssued'`, [`debate-${debateId}`]);
      expect(warnings.rowCount, 'no 10 s / 30 s warning for a 5 s turn').toBe(0);
    } finally {
      await client.end();
    }
  }, 60_000);
});
