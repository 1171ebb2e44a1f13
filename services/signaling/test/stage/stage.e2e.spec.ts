// Stage mode end to end through a real Janus: a speaker's @roamhq/wrtc peer publishes a 440 Hz
// tone through the node, listener peers subscribe through the node, and moderation in the
// projected state reaches the SFU. The peers run in a child process inside Janus's network
// namespace (peer.worker.ts); the node runs here and reaches Janus over its unix socket.
// STAGE_LISTENERS (default 10) sets the fan-out of the first test.
import { randomUUID } from 'node:crypto';
import { silentLogger } from '@booktalk/api';
import { requireService } from '@booktalk/infra/testing';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JanusStage, createJanusStage } from '../../src/stage/index.ts';
import { type Person, openDebate, projected, send } from '../support/debates.ts';
import { type Stack, connect, postgres, request, startStack, waitFor } from '../support/stack.ts';
import { janusForTests } from './support/janus.ts';
import { type PeerStats, PeerWorker, unixBridge } from './support/peers.ts';

const janus = requireService(janusForTests(), 'Janus');
const LISTENERS = Number(process.env.STAGE_LISTENERS ?? 10);
/** Frames of 10 ms above the threshold that count as "hears the speaker" (half a second of tone). */
const HEARING = 50;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

describe.skipIf(!postgres || !janus)('stage mode through a real Janus', () => {
  let stack: Stack;
  let stage: JanusStage;
  let bridge: Awaited<ReturnType<typeof unixBridge>>;
  const workers: PeerWorker[] = [];
  const sockets: Socket[] = [];
  const person = async (name: string): Promise<Person> => ({ ...(await stack.session(name)), displayName: name });

  /** A debate with a host, `s` speakers, `n` signed-in listeners (listening needs no JoinDebate), and a worker holding their peers. */
  const stageWith = async (n: number, s = 1) => {
    const host = await person('Host');
    const speakers = await Promise.all(Array.from({ length: s }, (_, i) => person(`Speaker ${i}`)));
    const speaker = speakers[0]!;
    const debateId = await openDebate(stack.first.handler, stack.pool, host, speakers);
    const listeners = await Promise.all(Array.from({ length: n }, (_, i) => person(`Listener ${i}`)));
    const ids = { speakers: speakers.map((_, i) => `speaker-${i}`), listeners: listeners.map((_, i) => `listener-${i}`) };
    const worker = new PeerWorker(janus!.netnsPid, {
      nodeSocket: bridge.path,
      debateId,
      peers: [...speakers.map((p, i) => ({ id: ids.speakers[i]!, token: p.token })), ...listeners.map((l, i) => ({ id: ids.listeners[i]!, token: l.token }))],
    });
    workers.push(worker);
    await worker.next((m) => m.type === 'ready', 60_000);
    return { debateId, host, speaker, listeners, ids, worker };
  };

  /** Publishes the speakers, subscribes the listeners and waits until every one hears every speaker (a track each). */
  const hearing = async (w: Awaited<ReturnType<typeof stageWith>>): Promise<PeerStats[]> => {
    w.worker.send({ cmd: 'publish', ids: w.ids.speakers });
    for (const id of w.ids.speakers) expect(await w.worker.next((m) => m.type === 'published' && m.id === id)).toMatchObject({ ok: true });
    w.worker.send({ cmd: 'subscribe', ids: w.ids.listeners });
    for (const id of w.ids.listeners) {
      const reply = await w.worker.next((m) => (m.type === 'subscribed' || m.type === 'error') && m.id === id, 60_000);
      expect(reply).toMatchObject({ type: 'subscribed', ok: true });
    }
    let last: PeerStats[] = [];
    await waitFor(
      async () => {
        last = (await w.worker.stats()).peers.filter((p) => w.ids.listeners.includes(p.id));
        return last.every((p) => p.tracks.length === w.ids.speakers.length && p.tracks.every((loud) => loud >= HEARING));
      },
      'every listener hearing every speaker',
      60_000,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}: ${JSON.stringify(last.filter((p) => p.tracks.length < w.ids.speakers.length || p.tracks.some((loud) => loud < HEARING)))} errors ${JSON.stringify(w.worker.unclaimed('error'))}`);
    });
    return last;
  };

  beforeAll(async () => {
    stage = createJanusStage({ url: janus!.url, apiSecret: janus!.apiSecret, adminKey: janus!.adminKey, roomSecret: `test-${randomUUID()}`, logger: silentLogger });
    await stage.connectNow();
    if (!stage.connected()) throw new Error(`could not connect to Janus at ${janus!.url}`);
    stack = await startStack({ ports: { stage } });
    bridge = await unixBridge(Number(new URL(stack.first.url).port));
  }, 60_000);
  afterAll(async () => {
    for (const w of workers) await w.stop();
    for (const s of sockets) s.close();
    await bridge?.close();
    await stack?.close(); // closes the node, which closes the stage controller
  }, 60_000);

  it(`delivers both speakers' audio to every one of ${LISTENERS} listeners, each on one connection`, async () => {
    const w = await stageWith(LISTENERS, 2);
    const stats = await hearing(w);
    const firstAudio = stats.map((p) => p.firstLoudAt! - p.subscribedAt!);
    console.info(`stage: 2 speakers, ${LISTENERS} listeners, first audio after subscribing p50 ${percentile(firstAudio, 50)} ms, p99 ${percentile(firstAudio, 99)} ms`);
    expect(stats).toHaveLength(LISTENERS);
    const metrics = await stack.first.registry.getSingleMetricAsString('booktalk_stage_listeners');
    expect(metrics).toMatch(new RegExp(`booktalk_stage_listeners ${LISTENERS}\\b`));
  }, 180_000);

  it('records the stage lifecycle as events: the publish, each listener, and how each ended', async () => {
    const types = ['StagePublished', 'StageListenerSubscribed', 'StageUnpublished', 'StageListenerLeft'];
    const count = () => Promise.all(types.map((t) => stack.countEvents(t)));
    const before = await count();
    const w = await stageWith(3, 1);
    await hearing(w);
    await waitFor(async () => {
      const now = await count();
      return now[0] === before[0]! + 1 && now[1] === before[1]! + 3;
    }, 'one StagePublished and three StageListenerSubscribed');
    await w.worker.stop(); // every socket of the worker drops
    await waitFor(async () => {
      const now = await count();
      return now[2] === before[2]! + 1 && now[3] === before[3]! + 3;
    }, 'one StageUnpublished and three StageListenerLeft');
    const { rows } = await stack.pool.query<{ reason: string }>(
      "SELECT data->>'reason' AS reason FROM eventstore.events WHERE type IN ('StageUnpublished', 'StageListenerLeft') AND stream_id LIKE '%' || $1",
      [w.debateId],
    );
    expect(rows.map((r) => r.reason)).toEqual(['disconnected', 'disconnected', 'disconnected', 'disconnected']);
  });

  it("refuses an audience member's publish (NOT_SPEAKER) and nothing reaches the SFU", async () => {
    const host = await person('Host');
    const member = await person('Audience');
    const debateId = await openDebate(stack.first.handler, stack.pool, host, []);
    const joined = await send(stack.first.handler, debateId, member, { type: 'JoinDebate', data: { role: 'audience' } });
    await projected(stack.pool, debateId, joined.position);
    const socket = await connect(stack.first.url, member.token);
    sockets.push(socket);
    const offer = { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\n' };
    const reply = await request(socket, 'C_STAGE_PUBLISH', { debateId, jsep: offer });
    expect(reply).toMatchObject({ ok: false, error: { code: 'NOT_SPEAKER' } });
    expect(await stage.listFeeds(debateId)).toEqual([]);
  });

  it("stops a muted speaker's audio at every listener within a second", async () => {
    const w = await stageWith(3);
    await hearing(w);
    const mutedAt = Date.now();
    await send(stack.first.handler, w.debateId, w.host, { type: 'MuteParticipant', data: { accountId: w.speaker.accountId } });
    // Silent = no loud frame for 300 ms at every listener (the speaker's peer keeps sending the tone).
    let last: PeerStats[] = [];
    await waitFor(
      async () => {
        const { now, peers } = await w.worker.stats();
        last = peers.filter((p) => w.ids.listeners.includes(p.id));
        return last.every((p) => p.lastLoudAt !== null && now - p.lastLoudAt >= 300);
      },
      'every listener silent',
      5_000,
    );
    const lastHeard = Math.max(...last.map((p) => p.lastLoudAt!)) - mutedAt;
    console.info(`stage: muted speaker last heard ${lastHeard} ms after the MuteParticipant command`);
    expect(lastHeard).toBeLessThan(1_000);
  }, 120_000);

  it('floor control: at every listener the speaker off the floor is silent and the floor holder heard', async () => {
    const w = await stageWith(3, 2);
    await hearing(w);
    // On, then live: the presentation round gives the first speaker the floor, the second is off it.
    let last = await send(stack.first.handler, w.debateId, w.host, { type: 'SetFloorControl', data: { floorControl: true } });
    for (const command of [{ type: 'StartDebate', data: {} }, { type: 'AdvanceRound', data: {} }] as const) last = await send(stack.first.handler, w.debateId, w.host, command);
    await projected(stack.pool, w.debateId, last.position);
    // Over a whole second, one of the two tracks gains no loud frame at each listener while the
    // other keeps gaining (the tracks are not labelled by speaker here; one of each is the point).
    const loudByTrack = async () => new Map((await w.worker.stats()).peers.filter((p) => w.ids.listeners.includes(p.id)).map((p) => [p.id, p.tracks]));
    let gains: number[][] = [];
    await waitFor(
      async () => {
        const before = await loudByTrack();
        await new Promise((r) => setTimeout(r, 1_000));
        const after = await loudByTrack();
        gains = w.ids.listeners.map((id) => (after.get(id) ?? []).map((n, i) => n - (before.get(id)?.[i] ?? 0)).sort((a, b) => a - b));
        return gains.every((g) => g.length === 2 && g[0] === 0 && g[1]! >= HEARING);
      },
      'one speaker silent and the other heard at every listener',
      10_000,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}: loud frames gained per track over 1 s: ${JSON.stringify(gains)}`);
    });
    console.info(`stage: floor control, loud frames per track over 1 s at each listener: ${JSON.stringify(gains)}`);
  }, 120_000);

  it("kicks a removed speaker's feed off the SFU", async () => {
    const w = await stageWith(1);
    await hearing(w);
    expect((await stage.listFeeds(w.debateId)).map((f) => f.accountId)).toEqual([w.speaker.accountId]);
    await send(stack.first.handler, w.debateId, w.host, { type: 'RemoveParticipant', data: { accountId: w.speaker.accountId } });
    await waitFor(async () => (await stage.listFeeds(w.debateId)).length === 0, 'the feed gone from the SFU', 5_000);
  }, 120_000);
});
