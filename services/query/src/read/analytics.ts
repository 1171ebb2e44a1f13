// Loads the analytics read models of one debate and hands them to the pure figures.
import { tables } from '@booktalk/projector';
import type pg from 'pg';
import type { VoiceQuality } from '../http/schemas.ts';
import { type ParticipantFact, type TurnFact, speakingTime } from '../analytics/speakingTime.ts';
import { type VoteFact, voteResults } from '../analytics/votes.ts';

export async function loadSpeakingTime(pool: pg.Pool, debateId: string, format: 'oxford' | 'free') {
  const [people, turns] = await Promise.all([
    pool.query<ParticipantFact>(
      `SELECT account_id AS "accountId", display_name AS "displayName", side, role
         FROM ${tables.SPEAKING_PARTICIPANTS} WHERE debate_id = $1 ORDER BY account_id`,
      [debateId],
    ),
    pool.query<TurnFact>(
      `SELECT account_id AS "accountId", side, kind, spoke_ms::float8 AS "spokeMs", overtime_ms::float8 AS "overtimeMs"
         FROM ${tables.SPEAKING_TURNS} WHERE debate_id = $1 ORDER BY turn_no`,
      [debateId],
    ),
  ]);
  return speakingTime(debateId, format, people.rows, turns.rows);
}

export async function loadVotes(pool: pg.Pool, debateId: string) {
  const { rows } = await pool.query<Omit<VoteFact, 'openedAt' | 'closedAt'> & { opened_at: Date; closed_at: Date | null }>(
    `SELECT vote_id AS "voteId", question, kind, status, options, sides, tallies, ballots, opened_at, closed_at
       FROM ${tables.VOTE_RESULTS} WHERE debate_id = $1 ORDER BY opened_at, vote_id`,
    [debateId],
  );
  const votes: VoteFact[] = rows.map(({ opened_at, closed_at, ...v }) => ({ ...v, openedAt: opened_at.toISOString(), closedAt: closed_at?.toISOString() ?? null }));
  return voteResults(debateId, votes);
}

export async function loadVoice(pool: pg.Pool, debateId: string): Promise<VoiceQuality> {
  const [counters, links] = await Promise.all([
    pool.query(`SELECT * FROM ${tables.VOICE_QUALITY} WHERE debate_id = $1`, [debateId]),
    pool.query<{ median: number | null; p90: number | null; types: Record<string, number> | null }>(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY connect_ms) AS median,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY connect_ms) AS p90,
              (SELECT jsonb_object_agg(t, n) FROM (
                 SELECT coalesce(candidate_type, 'unknown') AS t, count(*)::int AS n
                   FROM ${tables.VOICE_LINKS} WHERE debate_id = $1 GROUP BY 1) c) AS types
         FROM ${tables.VOICE_LINKS} WHERE debate_id = $1`,
      [debateId],
    ),
  ]);
  const c = counters.rows[0] ?? {};
  const l = links.rows[0];
  return {
    debateId,
    joins: c.joins ?? 0,
    leaves: c.leaves ?? 0,
    linksEstablished: c.links_established ?? 0,
    linkFailures: c.link_failures ?? 0,
    rejoinAttempts: c.rejoin_attempts ?? 0,
    rejoinsAbandoned: c.rejoins_abandoned ?? 0,
    medianConnectMs: l?.median ?? null,
    p90ConnectMs: l?.p90 ?? null,
    candidateTypes: l?.types ?? {},
  };
}
