// GET /metrics in Prometheus text format: projection lag (head − checkpoint) per read model, the
// event store head, debates by status and the participants of every live room.
import type { EventStore } from '@booktalk/eventstore';
import { projectionLag, projectionNames, tables } from '@booktalk/projector';
import type { RequestHandler } from 'express';
import type pg from 'pg';

const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

function family(name: string, help: string, type: 'gauge' | 'counter', samples: [Record<string, string>, number | bigint][]): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
  for (const [labels, value] of samples) {
    const l = Object.entries(labels).map(([k, v]) => `${k}="${escape(v)}"`).join(',');
    lines.push(`${name}${l ? `{${l}}` : ''} ${value.toString()}`);
  }
  return lines.join('\n');
}

export function metricsHandler(pool: pg.Pool, store: EventStore): RequestHandler {
  return async (_req, res, next) => {
    try {
      const [lags, head, statuses, rooms] = await Promise.all([
        projectionLag(pool, store, projectionNames),
        store.headPosition(),
        pool.query<{ status: string; n: string }>(`SELECT status, count(*)::text AS n FROM ${tables.DEBATES} GROUP BY status`),
        pool.query<{ debate_id: string; n: string }>(
          `SELECT debate_id, participants::text AS n FROM ${tables.DEBATES} WHERE status IN ('open', 'live')`,
        ),
      ]);
      const body = [
        family('booktalk_uptime_seconds', 'Seconds since the process started.', 'gauge', [[{}, Math.round(process.uptime())]]),
        family('booktalk_eventstore_head_position', 'Global position of the last committed event.', 'gauge', [[{}, head]]),
        family('booktalk_projection_checkpoint', 'Last global position a read model committed.', 'gauge', lags.map((l) => [{ projection: l.projection }, l.checkpoint])),
        family('booktalk_projection_lag_events', 'Head position minus the read model checkpoint.', 'gauge', lags.map((l) => [{ projection: l.projection }, l.lag])),
        family('booktalk_debates', 'Debates by status.', 'gauge', statuses.rows.map((r) => [{ status: r.status }, Number(r.n)])),
        family('booktalk_room_participants', 'Participants in each open or live room.', 'gauge', rooms.rows.map((r) => [{ debate: r.debate_id }, Number(r.n)])),
      ].join('\n\n');
      res.type('text/plain; version=0.0.4').send(`${body}\n`);
    } catch (error) {
      next(error);
    }
  };
}
