// Liveness (`GET /health`: the process answers) and readiness (`GET /health/ready`: this node can
// do its work now). Readiness looks at what a user would notice: the database answering, every
// read model keeping up (its lag, debates parked by a poison event, a runner whose batches fail)
// and the bus delivering. Any check failing → 503 with every check's detail, so a load balancer
// stops sending traffic and a person reading it sees why.
import type { Bus } from '@booktalk/bus';
import type { EventStore } from '@booktalk/eventstore';
import { parkedCounts, projectionLag, projectionNames } from '@booktalk/projector';
import { Router } from 'express';
import type pg from 'pg';

export interface HealthOptions {
  pool: pg.Pool;
  store: EventStore;
  bus: Bus;
  /** The in-process runner, when this node runs the projectors. */
  projections?: { failing(): { error: string; since: string } | null } | undefined;
  /** Connected sockets of this node's signaling (0 until it is attached). */
  connections?: () => number;
  /** A projection further behind than this many events counts as lagging (default 10,000). */
  maxLag?: number;
}

const withTimeout = <T>(work: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms).unref())]);

export interface ProjectionCheck {
  projection: string;
  status: 'ok' | 'lagging' | 'parked' | 'failing';
  lag: string;
  parked: number;
  error?: string;
}

export function createHealthRouter(options: HealthOptions): Router {
  const { pool, store, bus } = options;
  const maxLag = BigInt(options.maxLag ?? 10_000);
  const router = Router();

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', connections: options.connections?.() ?? 0, uptime: process.uptime(), timestamp: new Date().toISOString() });
  });

  router.get('/health/ready', async (_req, res) => {
    const database = await withTimeout(pool.query('SELECT 1'), 2_000, 'PostgreSQL')
      .then(() => ({ status: 'ok' as const }))
      .catch((error: unknown) => ({ status: 'down' as const, error: error instanceof Error ? error.message : String(error) }));
    let projections: ProjectionCheck[] = [];
    if (database.status === 'ok') {
      const [lags, parked] = await Promise.all([projectionLag(pool, store, projectionNames), parkedCounts(pool, projectionNames)]);
      const failing = options.projections?.failing() ?? null;
      projections = lags.map((l) => {
        const n = parked.get(l.projection) ?? 0;
        const status = failing ? 'failing' : n > 0 ? 'parked' : l.lag > maxLag ? 'lagging' : 'ok';
        return { projection: l.projection, status, lag: l.lag.toString(), parked: n, ...(failing ? { error: `${failing.error} (since ${failing.since})` } : {}) };
      });
    }
    const busHealth = bus.health?.() ?? { connected: true };
    const ready = database.status === 'ok' && projections.every((p) => p.status === 'ok') && busHealth.connected;
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not_ready',
      checks: {
        database,
        projections,
        bus: busHealth.connected ? { status: 'ok' } : { status: 'down', error: busHealth.detail ?? 'not connected' },
      },
      timestamp: new Date().toISOString(),
    });
  });

  return router;
}
