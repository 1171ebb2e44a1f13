// voice_quality: per debate counters of the signaling lifecycle, plus one row per established
// link (its connect time and candidate type) so the query can take an exact median.
// The fold is pure (fold.ts). Here a batch is folded from no rows and its counters are added
// with `x = x + EXCLUDED.x`: safe because a batch and its checkpoint commit together and events
// at or below the checkpoint never reach apply.
import { READ_SCHEMA } from '../../names.ts';
import { type TableSpec, writeRows } from '../../sql.ts';
import type { Projection } from '../../runner/projection.ts';
import { foldRows } from '../rows.ts';
import { COUNTERS, type LinkRow, links, quality } from './fold.ts';

export const VOICE_QUALITY = `${READ_SCHEMA}.voice_quality`;
export const VOICE_LINKS = `${READ_SCHEMA}.voice_links`;

const linkSpec: TableSpec<LinkRow> = {
  table: VOICE_LINKS,
  key: links.key,
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

  eventTypes: new Set(['VoiceJoined', 'VoiceLeft', 'PeerLinkEstablished', 'PeerLinkFailed', 'VoiceRejoinAttempted', 'VoiceRejoinAbandoned']),
  async apply(db, events) {
    const deltas = foldRows(quality, [], events);
    if (deltas.length > 0) {
      await db.query(
        `INSERT INTO ${VOICE_QUALITY} AS v (debate_id, ${COUNTERS.join(', ')})
         SELECT * FROM unnest($1::text[], ${COUNTERS.map((_, i) => `$${i + 2}::integer[]`).join(', ')})
         ON CONFLICT (debate_id) DO UPDATE SET ${COUNTERS.map((c) => `${c} = v.${c} + EXCLUDED.${c}`).join(', ')}`,
        [deltas.map((d) => d.debate_id), ...COUNTERS.map((c) => deltas.map((d) => d[c]))],
      );
    }
    await writeRows(db, linkSpec, foldRows(links, [], events), 'append');
  },
};
