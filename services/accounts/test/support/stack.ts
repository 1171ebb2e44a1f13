// The whole HTTP app as the embedded default composes it — accounts router and read guards, the
// command router with the accounts' Auth, the query router, the error handler — on a fresh real
// PostgreSQL database, with the live projections running through the crypto-shredding store.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { CommandHandler, createCommandRouter, errorHandler } from '@booktalk/api';
import { PostgresEventStore } from '@booktalk/eventstore';
import { createTestDatabase } from '@booktalk/infra/testing';
import { type RunningProjections, allProjections, migrateReadModels, rebuildProjections, startProjections, tables } from '@booktalk/projector';
import { waitForCatchUp } from '@booktalk/projector/testing';
import { createQueryRouter } from '@booktalk/query';
import express, { Router } from 'express';
import pg from 'pg';
import { type Accounts, type AccountsOptions, createAccounts } from '../../src/index.ts';

export const SECRET = 'accounts-test-secret-that-is-long-enough';

export interface Stack {
  base: string;
  pool: pg.Pool;
  raw: PostgresEventStore;
  accounts: Accounts;
  /** Resolves once every read model holds everything appended so far. */
  settle(): Promise<void>;
  countEvents(): Promise<number>;
  close(): Promise<void>;
}

export async function startStack(prefix: string, options: Partial<AccountsOptions> = {}): Promise<Stack> {
  const db = await createTestDatabase(prefix);
  const pool = new pg.Pool({ connectionString: db.url, max: 8 });
  const raw = await PostgresEventStore.connect({ connectionString: db.url, pollIntervalMs: 100, retryDelayMs: 50 });
  await migrateReadModels(pool);
  const accounts = await createAccounts({ pool, secret: SECRET, debateStateTable: tables.DEBATE_STATE, ...options });
  const store = accounts.shred(raw);
  accounts.setAfterErasure(async () => void (await rebuildProjections({ pool, store, projections: allProjections })));
  const projections: RunningProjections = await startProjections({ pool, store, logger: { info() {}, error: console.error } });
  const handler = new CommandHandler({ store, node: 'test-node' });
  const app = express();
  app.use(Router().use(accounts.router, createCommandRouter({ handler, store, auth: accounts.auth })));
  app.use(createQueryRouter({ pool, store, readerOf: (req) => accounts.viewReader(req.get('authorization')) }));
  app.use(errorHandler);
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    pool,
    raw,
    accounts,
    settle: () => waitForCatchUp(pool),
    async countEvents() {
      const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM eventstore.events');
      return Number(rows[0]!.n);
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await projections.stop();
      await raw.close();
      await pool.end();
      await db.drop();
    },
  };
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  body: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function call(base: string, method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(base + path, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await res.text();
  let body = {};
  try {
    body = JSON.parse(text);
  } catch {
    // CSV and other non-JSON answers: read `text`.
  }
  return { status: res.status, headers: res.headers, text, body };
}

/** A signed-in (or guest) client of one stack. */
export class User {
  constructor(
    readonly base: string,
    readonly token: string,
    readonly accountId: string,
    readonly displayName: string,
  ) {}

  static async signUp(base: string, username: string, displayName = username, password = `${username}-long-password`): Promise<User> {
    const r = await call(base, 'POST', '/api/accounts', { body: { username, displayName, password } });
    if (r.status !== 201) throw new Error(`sign-up ${username}: ${r.status} ${r.text}`);
    return new User(base, r.body.token, r.body.accountId, r.body.displayName);
  }

  static async guest(base: string, displayName: string): Promise<User> {
    const r = await call(base, 'POST', '/api/session', { body: { displayName } });
    if (r.status !== 200) throw new Error(`guest ${displayName}: ${r.status} ${r.text}`);
    return new User(base, r.body.token, r.body.accountId, r.body.displayName);
  }

  call(method: string, path: string, body?: unknown) {
    return call(this.base, method, path, { token: this.token, body });
  }

  command(debateId: string, type: string, data: Record<string, unknown> = {}) {
    return this.call('POST', `/api/debates/${debateId}/commands`, { commandId: randomUUID(), type, data });
  }

  async must(debateId: string, type: string, data: Record<string, unknown> = {}): Promise<Reply> {
    const r = await this.command(debateId, type, data);
    if (r.status !== 200) throw new Error(`${type} → ${r.status} ${r.text}`);
    return r;
  }

  async createDebate(title = 'Is Dorothea a fool?'): Promise<string> {
    const r = await this.call('POST', '/api/debates', {
      commandId: randomUUID(),
      title,
      book: { title: 'Middlemarch', author: 'George Eliot' },
      motion: 'This house believes Dorothea chose wisely',
      format: 'oxford',
    });
    if (r.status !== 201) throw new Error(`CreateDebate → ${r.status} ${r.text}`);
    return r.body.debateId as string;
  }
}
