// The command API on a real PostgreSQL, listening on port 0, driven with real fetch.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { EventStore } from '@booktalk/eventstore';
import express from 'express';
import { CommandHandler, type CommandHandlerOptions, createAuth, createCommandRouter, errorHandler } from '../../src/index.ts';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256';

export interface TestServer {
  baseUrl: string;
  handler: CommandHandler;
  close(): Promise<void>;
}

export async function startServer(
  store: EventStore,
  options: Partial<CommandHandlerOptions> & { node?: string } = {},
): Promise<TestServer> {
  const handler = new CommandHandler({ store, node: options.node ?? 'test-node', ...options });
  const app = express();
  app.use(createCommandRouter({ handler, store, auth: createAuth({ secret: TEST_SECRET }) }));
  app.use(errorHandler);
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    handler,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** A small HTTP client bound to one server and (optionally) one session token. */
export class Client {
  constructor(
    readonly baseUrl: string,
    readonly token?: string,
    readonly accountId?: string,
  ) {}

  static async session(baseUrl: string, displayName: string): Promise<Client> {
    const { status, body } = await new Client(baseUrl).post<{ token: string; accountId: string }>('/api/session', { displayName });
    if (status !== 200) throw new Error(`session failed: ${status} ${JSON.stringify(body)}`);
    return new Client(baseUrl, body.token, body.accountId);
  }

  async request<T = Record<string, unknown>>(method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...init.headers };
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body: init.body });
    return { status: res.status, body: (await res.json()) as T };
  }

  post<T = Record<string, unknown>>(path: string, body: unknown): Promise<Reply<T>> {
    return this.request<T>('POST', path, { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  }

  get<T = Record<string, unknown>>(path: string): Promise<Reply<T>> {
    return this.request<T>('GET', path);
  }

  createDebate(data: Record<string, unknown> = {}, commandId: string = randomUUID()) {
    return this.post<{ ok: boolean; debateId: string; position: string; version: number; duplicate: boolean }>('/api/debates', {
      commandId,
      ...debateData,
      ...data,
    });
  }

  command(debateId: string, type: string, data: Record<string, unknown> = {}, commandId: string = randomUUID()) {
    return this.post<{ ok: boolean; position: string; version: number; duplicate: boolean; error?: { code: string } }>(
      `/api/debates/${debateId}/commands`,
      { commandId, type, data },
    );
  }

  /** Sends a command and fails the test with the server's answer unless it succeeds. */
  async must(debateId: string, type: string, data: Record<string, unknown> = {}) {
    const reply = await this.command(debateId, type, data);
    if (reply.status !== 200) throw new Error(`${type} → ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body;
  }
}

export const debateData = {
  title: 'Is Dorothea a fool?',
  book: { title: 'Middlemarch', author: 'George Eliot' },
  motion: 'This house believes Dorothea chose wisely',
  format: 'oxford',
};
