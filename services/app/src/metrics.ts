// GET /metrics through prom-client: the default process metrics (event-loop lag, heap, GC), and
// read-side figures collected when scraped — projection checkpoint, lag and parked debates per
// read model, the store head, debates by status, people in open or live rooms. Labels stay
// bounded (per projection or status, never per debate). Other parts of the node (signaling)
// register their own metrics on the same registry.
import type { EventStore } from '@booktalk/eventstore';
import { parkedCounts, projectionLag, projectionNames, tables } from '@booktalk/projector';
import type { RequestHandler } from 'express';
import type pg from 'pg';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  handler: RequestHandler;
}

export function createMetrics(pool: pg.Pool, store: EventStore): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  // One scrape reads the database once; every gauge below takes its value from that read.
  let snapshot: Promise<Awaited<ReturnType<typeof read>>> | null = null;
  const read = async () => {
    const [lags, parked, head, statuses, people] = await Promise.all([
      projectionLag(pool, store, projectionNames),
      parkedCounts(pool, projectionNames),
      store.headPosition(),
      pool.query<{ status: string; n: string }>(`SELECT status, count(*)::text AS n FROM ${tables.DEBATES} GROUP BY status`),
      pool.query<{ n: string | null }>(`SELECT sum(participants)::text AS n FROM ${tables.DEBATES} WHERE status IN ('open', 'live')`),
    ]);
    return { lags, parked, head, statuses: statuses.rows, people: Number(people.rows[0]?.n ?? 0) };
  };
  const current = () => (snapshot ??= read().finally(() => setTimeout(() => (snapshot = null), 0)));

  new Gauge({
    name: 'booktalk_eventstore_head_position',
    help: 'Global position of the last committed event.',
    registers: [registry],
    async collect() {
      this.set(Number((await current()).head));
    },
  });
  new Gauge({
    name: 'booktalk_projection_checkpoint',
    help: 'Last global position a read model committed.',
    labelNames: ['projection'],
    registers: [registry],
    async collect() {
      for (const l of (await current()).lags) this.set({ projection: l.projection }, Number(l.checkpoint));
    },
  });
  new Gauge({
    name: 'booktalk_projection_lag_events',
    help: 'Head position minus the read model checkpoint.',
    labelNames: ['projection'],
    registers: [registry],
    async collect() {
      for (const l of (await current()).lags) this.set({ projection: l.projection }, Number(l.lag));
    },
  });
  new Gauge({
    name: 'booktalk_projection_parked_debates',
    help: 'Debates parked by a read model because one of their events could not be applied (npm run projections -- list).',
    labelNames: ['projection'],
    registers: [registry],
    async collect() {
      for (const [projection, n] of (await current()).parked) this.set({ projection }, n);
    },
  });
  new Gauge({
    name: 'booktalk_debates',
    help: 'Debates by status.',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of (await current()).statuses) this.set({ status: r.status }, Number(r.n));
    },
  });
  new Gauge({
    name: 'booktalk_room_participants',
    help: 'Participants in open or live rooms, summed over rooms.',
    registers: [registry],
    async collect() {
      this.set((await current()).people);
    },
  });

  const handler: RequestHandler = async (_req, res, next) => {
    try {
      res.type(registry.contentType).send(await registry.metrics());
    } catch (error) {
      next(error);
    }
  };
  return { registry, handler };
}
