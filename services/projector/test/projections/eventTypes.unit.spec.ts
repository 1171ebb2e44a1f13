// A projection that declares its event types (Projection.eventTypes) is skipped for batches with
// none of them, so it must really ignore every other type: each one, alone, goes to apply() on a
// connection that records statements, and none may be issued (nor may apply() throw: an empty
// `data` throwing means the type is read after all).
import { debateEventTypes } from '@booktalk/contracts';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { ProjectedEvent } from '../../src/events.ts';
import { allProjections } from '../../src/projections/index.ts';

const declaring = allProjections.filter((p) => p.eventTypes !== undefined);

function recordingClient(): { db: pg.ClientBase; statements: string[] } {
  const statements: string[] = [];
  const db = {
    query: async (text: string | { text: string }) => {
      statements.push(typeof text === 'string' ? text : text.text);
      return { rows: [], rowCount: 0 };
    },
  } as unknown as pg.ClientBase;
  return { db, statements };
}

describe('projections that declare their event types', () => {
  it('are the ones expected to (a new projection that reads few types should declare them)', () => {
    expect(declaring.map((p) => p.name).sort()).toEqual(['moderation_audit', 'speaking_time', 'voice_quality', 'vote_results']);
  });

  describe.each(declaring.map((p) => [p.name, p] as const))('%s', (_name, projection) => {
    const others = debateEventTypes.filter((t) => !projection.eventTypes!.has(t));
    it('declares only real event types', () => {
      expect([...projection.eventTypes!].filter((t) => !(debateEventTypes as readonly string[]).includes(t))).toEqual([]);
    });
    it.each(others)('issues no statement for %s', async (type) => {
      const { db, statements } = recordingClient();
      const event = { position: 1n, debateId: 'd1', version: 0, at: '2026-01-01T10:00:00.000Z', actorId: 'a1', event: { type, data: {} } } as unknown as ProjectedEvent;
      await projection.apply(db, [event]);
      expect(statements).toEqual([]);
    });
  });
});
