// An express app with only the query router, listening on an ephemeral port.
import type { AddressInfo } from 'node:net';
import type { EventStore } from '@booktalk/eventstore';
import { errorHandler } from '@booktalk/api';
import express from 'express';
import type pg from 'pg';
import { createQueryRouter } from '../src/index.ts';

export async function serve(pool: pg.Pool, store: EventStore) {
  const app = express();
  app.use(createQueryRouter({ pool, store }));
  app.use(errorHandler);
  const server = app.listen(0);
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    get: async (path: string) => {
      const res = await fetch(base + path);
      const text = await res.text();
      const type = res.headers.get('content-type') ?? '';
      return { status: res.status, type, text, body: type.includes('json') ? JSON.parse(text) : undefined };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
