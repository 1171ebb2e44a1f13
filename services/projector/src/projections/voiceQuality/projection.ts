// voice_quality: per debate counters of the signaling lifecycle, plus one row per established
// link (its connect time and candidate type) so the query can take an exact median.
// Counters are added with `x = x + EXCLUDED.x`: safe because a batch and its checkpoint commit
// together and events at or below the checkpoint never reach apply.
import { READ_SCHEMA } from '../../names.ts';
import { type TableSpec, writeRows } from '../../sql.ts';
import type { Projection } from '../../runner/projection.ts';

export const VOICE_QUALITY = `${READ_SCHEMA}.voice_quality`;
export const VOICE_LINKS = `${READ_SCHEMA}.voice_links`;

const COUNTERS = ['joins', 'leaves', 'links_established', 'link_failures', 'rejoin_attempts', 'rejoins_abandoned'] as const;
type Counter = (typeof COUNTERS)[number];
const counterOf: Partial<Record<string, Counter>> = {
  VoiceJoined: 'joins',
  VoiceLeft: 'leaves',
  PeerLinkEstablished: 'links_established',
  PeerLinkFailed: 'link_failures',
  VoiceRejoinAttempted: 'rejoin_attempts',
  VoiceRejoinAbandoned: 'rejoins_abandoned',
};

interface LinkRow {
  position: bigint;
  debate_id: string;
  a: string;
  b: string;
  connect_ms: number;
  candidate_type: string | null;
  at: string;
}
const linkSpec: TableSpec<LinkRow> = {
  table: VOICE_LINKS,
  key: ['position'],
  columns: { position: 'bigint', debate_id: 'text', a: 'text', b: 'text', connect_ms: 'integer', candidate_type: 'text', at: 'timestamptz' },
};

export const voiceQualityProjection: Projection = {
  name: 'voice_quality',
  version: 1,
  tables: [VOICE_QUALITY, VOICE_LINKS],
  ddl: `
    CREATE TABLE IF NOT EXISTS ${VOICE_QUALITY} (
      debate_id text PRIMARY KEY,
      ${COUNTERS.map((c) => `${c} integer NOT NULL DEFAULT 0`).join(',\n      ')}
    );
    CREATE TABLE IF NOT EXISTS ${VOICE_LINKS} (
      position       bigint PRIMARY KEY,
      debate_id      text NOT NULL,
      a              text NOT NULL,
      b              text NOT NULL,
      connect_ms     integer NOT NULL,
      candidate_type text,
      at             timestamptz NOT NULL
    );
    CREATE INDEX IF NOT EXISTS voice_links_debate ON ${VOICE_LINKS} (debate_id);`,

  async apply(db, events) {
    const deltas = new Map<string, Record<Counter, number>>();
    const links: LinkRow[] = [];
    for (const e of events) {
      const counter = counterOf[e.event.type];
      if (!counter) continue;
      const d = deltas.get(e.debateId) ?? Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<Counter, number>;
      d[counter] += 1;
      deltas.set(e.debateId, d);
      if (e.event.type === 'PeerLinkEstablished') {
        const l = e.event.data;
        links.push({ position: e.position, debate_id: e.debateId, a: l.a, b: l.b, connect_ms: l.connectMs, candidate_type: l.candidateType, at: l.at });
      }
    }
    if (deltas.size > 0) {
      const ids = [...deltas.keys()];
      await db.query(
        `INSERT INTO ${VOICE_QUALITY} AS v (debate_id, ${COUNTERS.join(', ')})
         SELECT * FROM unnest($1::text[], ${COUNTERS.map((_, i) => `$${i + 2}::integer[]`).join(', ')})
         ON CONFLICT (debate_id) DO UPDATE SET ${COUNTERS.map((c) => `${c} = v.${c} + EXCLUDED.${c}`).join(', ')}`,
        [ids, ...COUNTERS.map((c) => ids.map((id) => deltas.get(id)![c]))],
      );
    }
    await writeRows(db, linkSpec, links, 'append');
  },
};
