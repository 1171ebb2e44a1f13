// The timekeeper's view of the world in a process that runs the projectors: debates with a
// running turn come from the debate_state read model, changes from the projector's bus messages.
// A projector that lags at start is fine: when it catches up it publishes the change.
import { DEBATE_CHANGES_TOPIC, type DebateChanged } from '@booktalk/contracts';
import type { DebateChangeSource } from '@booktalk/api';
import type { Bus } from '@booktalk/bus';
import { tables } from '@booktalk/projector';
import type pg from 'pg';

export function readModelChangeSource(pool: pg.Pool, bus: Bus): DebateChangeSource {
  return {
    onDebateChanged(listener) {
      return bus.subscribe<DebateChanged>(DEBATE_CHANGES_TOPIC, (message) => listener(message.debateId, message.eventTypes));
    },
    async debatesWithRunningTurn() {
      const { rows } = await pool.query<{ debate_id: string }>(
        `SELECT debate_id FROM ${tables.DEBATE_STATE}
          WHERE state->>'status' = 'live' AND jsonb_typeof(state->'currentTurn') = 'object'`,
      );
      return rows.map((r) => r.debate_id);
    },
  };
}
