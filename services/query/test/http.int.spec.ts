// Every read route over real HTTP (express on an ephemeral port) against projected read models,
// including the 400s and 404s.
import { DebateView } from '@booktalk/contracts';
import { postgresForTests, requireService } from '@booktalk/infra/testing';
import { type TestDb, appendRecords, asRecords, openTestDb, oxfordAt, oxfordDebate, projectToHead, scriptedLoad } from '@booktalk/projector/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditPage, LobbyPage, SpeakingTime, TimelinePage, VoiceQuality, VoteResults } from '../src/index.ts';
import { serve } from './support.ts';

const server = requireService(await postgresForTests(), 'PostgreSQL');

describe.skipIf(!server)('query HTTP API', () => {
  let db: TestDb;
  let http: Awaited<ReturnType<typeof serve>>;
  let debates = 0;

  beforeAll(async () => {
    db = await openTestDb('query_http');
    const load = scriptedLoad(3, 1500);
    debates = new Set(load.map((r) => r.debateId)).size + 1;
    await appendRecords(db.store, asRecords('ox1', oxfordDebate));
    await appendRecords(db.store, load);
    await projectToHead(db);
    http = await serve(db.pool, db.store);
  });
  afterAll(async () => {
    await http?.close();
    await db?.close();
  });

  const expect400 = async (path: string, code = 'VALIDATION_FAILED') => {
    const res = await http.get(path);
    expect(res.status, path).toBe(400);
    expect(res.body.ok).toBe(false);
    expect(res.body.error.code).toBe(code);
    return res.body.error;
  };
  const expect404 = async (path: string) => {
    const res = await http.get(path);
    expect(res.status, path).toBe(404);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'DEBATE_NOT_FOUND' } });
  };

  it('serves the OpenAPI document with read and command routes', async () => {
    const { status, body } = await http.get('/api/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining([
      '/health', '/api/session', '/api/debates', '/api/debates/{id}', '/api/debates/{id}/timeline', '/api/debates/{id}/state',
      '/api/debates/{id}/analytics/speaking-time', '/api/debates/{id}/votes', '/api/debates/{id}/voice',
      '/api/debates/{debateId}/commands', '/api/debates/{debateId}/events', '/api/audit', '/api/audit.csv',
    ]));
    expect(body.paths['/api/debates'].post.requestBody).toBeDefined();
    expect(body.components.schemas.SpeakingTime.properties.fairness.description).toMatch(/1 − \(max_g share_g − 1\/n\)/);
  });

  it('pages the lobby newest first with a cursor, and filters', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let previous = Infinity;
    do {
      const res = await http.get(`/api/debates?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      const page = LobbyPage.parse(res.body);
      for (const item of page.items) {
        expect(Number(item.position)).toBeGreaterThan(0);
        seen.push(item.id);
      }
      cursor = page.next;
      if (cursor) {
        expect(Number(cursor)).toBeLessThan(previous);
        previous = Number(cursor);
      }
    } while (cursor);
    expect(new Set(seen).size).toBe(debates);
    expect(seen.at(-1)).toBe('ox1'); // the oldest

    const ended = LobbyPage.parse((await http.get('/api/debates?status=ended&limit=100')).body);
    expect(ended.items.every((d) => d.status === 'ended')).toBe(true);
    const found = LobbyPage.parse((await http.get('/api/debates?q=dorothea')).body);
    expect(found.items.map((d) => d.id)).toEqual(['ox1']);
    expect(found.items[0]).toMatchObject({ book: { title: 'Middlemarch', author: 'George Eliot' }, participants: 7, speakers: 2 });

    await expect400('/api/debates?status=bogus');
    await expect400('/api/debates?limit=0');
    await expect400('/api/debates?limit=abc');
    await expect400('/api/debates?cursor=abc');
    const err = await expect400('/api/debates?sttus=ended');
    expect(err.issues[0].code).toBe('unrecognized_keys');
  });

  it('returns the projected state', async () => {
    const res = await http.get('/api/debates/ox1');
    expect(res.status).toBe(200);
    const view = DebateView.parse(res.body);
    expect(view).toMatchObject({ id: 'ox1', status: 'ended', format: 'oxford', locked: true, position: expect.stringMatching(/^\d+$/) });
    expect(view.participants.find((p) => p.accountId === 'carol')?.muted).toBe(true);
    await expect404('/api/debates/nope');
    await expect400('/api/debates/bad%20id');
  });

  it('pages the timeline with offsets from the start', async () => {
    const first = TimelinePage.parse((await http.get('/api/debates/ox1/timeline?limit=20')).body);
    expect(first.items).toHaveLength(20);
    expect(first.items[0]).toMatchObject({ type: 'DebateScheduled', offsetMs: -30_000, actorId: 'host', at: oxfordAt(0) });
    const rest = TimelinePage.parse((await http.get(`/api/debates/ox1/timeline?after=${first.next}&limit=500`)).body);
    expect(rest.next).toBeNull();
    const all = [...first.items, ...rest.items];
    expect(all).toHaveLength(oxfordDebate.length);
    expect(all.find((i) => i.type === 'DebateStarted')?.offsetMs).toBe(0);
    expect(all.find((i) => i.type === 'DebateEnded')).toMatchObject({ offsetMs: 470_000, summary: 'Host ended the debate' });
    await expect404('/api/debates/nope/timeline');
    await expect400('/api/debates/ox1/timeline?limit=501');
    await expect400('/api/debates/ox1/timeline?after=-1');
  });

  it('folds the state at a position, a time or an offset', async () => {
    const timeline = TimelinePage.parse((await http.get('/api/debates/ox1/timeline?limit=500')).body).items;
    const started = timeline.find((i) => i.type === 'DebateStarted')!;
    const byPosition = DebateView.parse((await http.get(`/api/debates/ox1/state?position=${started.position}`)).body);
    expect(byPosition).toMatchObject({ status: 'live', position: started.position, round: null });
    // 45 s after the start alice holds the floor (her presentation began at +10 s).
    for (const q of ['offsetMs=45000', 'at=45000', `at=${encodeURIComponent(oxfordAt(75))}`]) {
      const view = DebateView.parse((await http.get(`/api/debates/ox1/state?${q}`)).body);
      expect(view.currentTurn?.accountId, q).toBe('alice');
      expect(view.round).toBe('PRESENTATION');
    }
    const before = DebateView.parse((await http.get('/api/debates/ox1/state?offsetMs=-999999')).body);
    expect(before).toMatchObject({ status: 'none', position: '0' });
    await expect400('/api/debates/ox1/state');
    await expect400('/api/debates/ox1/state?position=1&offsetMs=2');
    await expect400('/api/debates/ox1/state?at=yesterday');
    await expect404('/api/debates/nope/state?position=5');
  });

  it('filters and pages the audit, and exports it as CSV', async () => {
    const ox = AuditPage.parse((await http.get('/api/audit?debateId=ox1')).body);
    expect(ox.items.map((i) => [i.action, i.targetId, i.reason])).toEqual([
      ['RoomLocked', null, 'full'],
      ['ParticipantMuted', 'carol', 'noise'],
      ['TurnEnded', 'bob', ''],
    ]);
    const mutes = AuditPage.parse((await http.get('/api/audit?action=ParticipantMuted&limit=500')).body);
    expect(mutes.items.length).toBeGreaterThan(1);
    expect(mutes.items.every((i) => i.action === 'ParticipantMuted')).toBe(true);
    const window = AuditPage.parse((await http.get(`/api/audit?debateId=ox1&from=${encodeURIComponent(oxfordAt(420))}&to=${encodeURIComponent(oxfordAt(421))}`)).body);
    expect(window.items.map((i) => i.action)).toEqual(['ParticipantMuted']);
    const p1 = AuditPage.parse((await http.get('/api/audit?limit=2')).body);
    const p2 = AuditPage.parse((await http.get(`/api/audit?limit=2&cursor=${p1.next}`)).body);
    expect(Number(p2.items[0]!.position)).toBeLessThan(Number(p1.items[1]!.position));

    const csv = await http.get('/api/audit.csv?debateId=ox1');
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/text\/csv/);
    expect(csv.text.split('\r\n')).toEqual([
      'at,debateId,moderatorId,action,targetId,reason',
      `${oxfordAt(421)},ox1,host,RoomLocked,,full`,
      `${oxfordAt(420)},ox1,host,ParticipantMuted,carol,noise`,
      `${oxfordAt(410)},ox1,host,TurnEnded,bob,`,
      '',
    ]);
    await expect400('/api/audit?action=Shouted');
    await expect400('/api/audit?from=yesterday');
    await expect400('/api/audit.csv?moderatorId=a%20b');
  });

  it('computes speaking time, votes and voice quality', async () => {
    const st = SpeakingTime.parse((await http.get('/api/debates/ox1/analytics/speaking-time')).body);
    expect(st.totalFloorMs).toBe(350_000);
    expect(st.participants.map((p) => [p.accountId, p.floorMs, p.turns, p.averageTurnMs, p.overtimeMs, p.share])).toEqual([
      ['bob', 210_000, 2, 105_000, 15_000, 0.6],
      ['alice', 140_000, 2, 70_000, 0, 0.4],
    ]);
    expect(st.sides.map((s) => [s.side, s.floorMs, s.share])).toEqual([['pro', 140_000, 0.4], ['con', 210_000, 0.6]]);
    expect(st.rounds.map((r) => [r.round, r.floorMs, r.turns])).toEqual([['presentation', 220_000, 2], ['open', 130_000, 2]]);
    expect(st.fairness).toBe(0.8);

    const votes = VoteResults.parse((await http.get('/api/debates/ox1/votes')).body);
    expect(votes.motion).toEqual({
      pre: { pro: 0.5, con: 0.5, undecided: 0, ballots: 4 },
      post: { pro: 0.25, con: 0.75, undecided: 0, ballots: 4 },
      swing: { pro: -0.25, con: 0.25 },
      winner: 'con',
      final: true,
    });

    const voice = VoiceQuality.parse((await http.get('/api/debates/ox1/voice')).body);
    expect(voice).toEqual({
      debateId: 'ox1', joins: 2, leaves: 0, linksEstablished: 3, linkFailures: 1, rejoinAttempts: 1, rejoinsAbandoned: 0,
      medianConnectMs: 500, p90ConnectMs: 820, candidateTypes: { host: 1, relay: 1, srflx: 1 },
    });
    for (const route of ['analytics/speaking-time', 'votes', 'voice']) {
      await expect404(`/api/debates/nope/${route}`);
      await expect400(`/api/debates/ox1/${route}?x=1`);
    }
  });
});
