// One write budget per account across HTTP and the socket (issue 19, item 9: the same account
// wrote 20 events a second over HTTP and ~100 over one socket). The whole app as `npm start`
// composes it: commands over HTTP and C_COMMAND over the socket spend from one budget.
import { randomUUID } from 'node:crypto';
import { createTestDatabase, postgresForTests, requireService } from '@booktalk/infra/testing';
import { pino } from 'pino';
import { type Socket, io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { type RunningApp, startEmbeddedApp } from '../src/embeddedApp.ts';

const pgAvailable = requireService(await postgresForTests(), 'PostgreSQL');
const LIMIT = 30;

type Ack = { ok: boolean; error?: { code: string; message: string } };

describe.skipIf(!pgAvailable)('one write budget per account, HTTP and socket together', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: RunningApp;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    db = await createTestDatabase('write_budget');
    app = await startEmbeddedApp(
      loadConfig({ DATABASE_URL: db.url, PORT: '0', BOOKTALK_NODE_ID: 'budget', LOG_LEVEL: 'silent', BOOKTALK_WEB: 'off', BOOKTALK_RATE_LIMIT: String(LIMIT) }),
      pino({ level: 'silent' }),
    );
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await app?.stop();
    await db?.drop();
  });

  /** An account (its sign-up counts against the address, not the account) hosting an open debate it joined: three requests of its budget. */
  const hostWithDebate = async (name: string) => {
    const signUp = await fetch(`${app.url}/api/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: `${name}-${randomUUID().slice(0, 6)}`, displayName: name, password: 'a-long-enough-password' }),
    });
    const { token } = (await signUp.json()) as { token: string };
    const http = async (path: string, body: unknown) => {
      const res = await fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> & Ack };
    };
    const created = await http('/api/debates', { commandId: randomUUID(), title: 'Budgets', book: { title: 'Middlemarch', author: 'George Eliot' }, motion: 'Dorothea chose well', format: 'free' });
    const debateId = created.body.debateId as string;
    expect((await http(`/api/debates/${debateId}/commands`, { commandId: randomUUID(), type: 'OpenDebate', data: {} })).status).toBe(200);
    expect((await http(`/api/debates/${debateId}/commands`, { commandId: randomUUID(), type: 'JoinDebate', data: { role: 'speaker' } })).status).toBe(200);
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = io(app.url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
      sockets.push(s);
      s.once('connect', () => resolve(s));
      s.once('connect_error', reject);
    });
    const post = (text: string) => ({ commandId: randomUUID(), type: 'PostMessage', data: { kind: 'chat', text } });
    return {
      debateId,
      viaHttp: async (text: string) => (await http(`/api/debates/${debateId}/commands`, post(text))).status,
      viaSocket: async (text: string) => (await socket.timeout(5_000).emitWithAck('C_COMMAND', { debateId, ...post(text) })) as Ack,
    };
  };

  it('refuses a socket flood with RATE_LIMITED at the budget HTTP has', async () => {
    const host = await hostWithDebate('Flooder');
    const acks: Ack[] = [];
    for (let i = 0; i < LIMIT + 5; i++) acks.push(await host.viaSocket(`flood ${i}`));
    const accepted = acks.filter((a) => a.ok).length;
    // Three requests of the budget went on creating, opening and joining the debate.
    expect(accepted).toBe(LIMIT - 3);
    expect(acks.slice(accepted).every((a) => a.error?.code === 'RATE_LIMITED')).toBe(true);
    // The account's HTTP writes are out of budget too.
    expect(await host.viaHttp('after the flood')).toBe(429);
  });

  it('counts HTTP and socket writes of one account against one budget', async () => {
    const host = await hostWithDebate('Mixed');
    let accepted = 0;
    let firstRefusal: string | null = null;
    for (let i = 0; i < LIMIT && !firstRefusal; i++) {
      const http = await host.viaHttp(`http ${i}`);
      if (http === 200) accepted++;
      else firstRefusal = `http ${http}`;
      if (firstRefusal) break;
      const socket = await host.viaSocket(`socket ${i}`);
      if (socket.ok) accepted++;
      else firstRefusal = `socket ${socket.error?.code}`;
    }
    expect(accepted).toBe(LIMIT - 3);
    expect(firstRefusal).toMatch(/^(http 429|socket RATE_LIMITED)$/);
    // Both edges refuse from then on.
    expect(await host.viaHttp('one more')).toBe(429);
    expect((await host.viaSocket('one more')).error?.code).toBe('RATE_LIMITED');
  });
});
