// Two real Janus instances behind one JanusPool: each debate's room is on the instance
// placeDebate names, and killing one instance concerns only its debates: the other keeps
// serving, and the lost one's debates come back when it restarts.
import { randomUUID } from 'node:crypto';
import { silentLogger } from '@booktalk/api';
import { type OwnJanus, ownJanusUnavailable, requireService, startOwnJanus } from '@booktalk/infra/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JanusPool, placeDebate } from '../../src/stage/janusPool.ts';
import { JanusStage } from '../../src/stage/janusStage.ts';
import { waitFor } from '../support/stack.ts';
import { janusForTests } from './support/janus.ts';

const shared = requireService(janusForTests(), 'Janus');
const ownMissing = ownJanusUnavailable();
if (ownMissing && process.env.CI !== 'true') console.warn(`skipping the Janus pool test: ${ownMissing}`);

describe.skipIf(!shared || (ownMissing !== null && process.env.CI !== 'true'))('several Janus instances behind one pool', () => {
  let own: OwnJanus;
  let pool: JanusPool;
  const events: { state: string; onOwn: boolean; onShared: boolean }[] = [];
  const urls: string[] = [];
  let onShared = '';
  let onOwn = '';

  beforeAll(async () => {
    if (ownMissing) throw new Error(ownMissing);
    own = startOwnJanus('46000-48000');
    const options = { adminKey: '', roomSecret: `pool-${randomUUID()}`, logger: silentLogger, reconnectMs: 300 };
    const members = [
      { url: shared!.url, stage: new JanusStage({ ...options, url: shared!.url, adminKey: shared!.adminKey, apiSecret: shared!.apiSecret }) },
      { url: own.url, stage: new JanusStage({ ...options, url: own.url, adminKey: own.adminKey, apiSecret: own.apiSecret }) },
    ];
    urls.push(shared!.url, own.url);
    pool = new JanusPool(members);
    // Two debates, one placed on each instance.
    for (let i = 0; !onShared || !onOwn; i++) {
      const d = `pool-${randomUUID()}`;
      if (placeDebate(d, urls) === 0) onShared ||= d;
      else onOwn ||= d;
    }
    pool.listen({
      subscriberOffer: () => undefined,
      publisherUp: () => undefined,
      subscriberUp: () => undefined,
      connection: (state, concerns) => events.push({ state, onOwn: concerns?.(onOwn) ?? true, onShared: concerns?.(onShared) ?? true }),
    });
    await pool.connectNow();
  }, 60_000);

  afterAll(async () => {
    await pool?.close();
    own?.stop();
  });

  it("creates each debate's room on the instance placeDebate names", async () => {
    await pool.createRoom(onShared);
    await pool.createRoom(onOwn);
    expect(pool.of(onShared)).not.toBe(pool.of(onOwn));
    expect(await pool.listFeeds(onShared)).toEqual([]);
    expect(await pool.listFeeds(onOwn)).toEqual([]);
  });

  it("a lost instance concerns only its own debates, and they come back when it restarts", { timeout: 60_000 }, async () => {
    events.length = 0;
    own.kill();
    await waitFor(() => events.some((e) => e.state === 'reconnecting'), 'the pool to notice the lost instance', 15_000);
    expect(events.find((e) => e.state === 'reconnecting')).toEqual({ state: 'reconnecting', onOwn: true, onShared: false });
    expect(pool.connectedFor(onOwn)).toBe(false);
    expect(pool.connectedFor(onShared)).toBe(true);
    await expect(pool.listFeeds(onOwn)).rejects.toMatchObject({ code: 'STAGE_UNAVAILABLE' });
    expect(await pool.listFeeds(onShared)).toEqual([]);
    own.restart();
    await waitFor(() => pool.connectedFor(onOwn), 'the restarted instance to be live again', 20_000);
    expect(events.at(-1)).toEqual({ state: 'live', onOwn: true, onShared: false });
    await pool.createRoom(onOwn);
    expect(await pool.listFeeds(onOwn)).toEqual([]);
  });
});
