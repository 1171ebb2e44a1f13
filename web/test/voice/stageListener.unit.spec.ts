// The stage listener against a scripted node and peer connection: it answers the SFU's offer,
// hands out one stream per speaker by the mids the node names, follows renegotiations, and
// subscribes again by itself when the SFU comes back.
import type { JsepOffer, StageFeed, StageState } from '@booktalk/contracts';
import { describe, expect, it, vi } from 'vitest';
import { StageListener } from '../../src/voice/stageListener.ts';
import type { StageSignaling } from '../../src/voice/stageSignaling.ts';
import { FakePeerConnection } from './fakePeer.ts';

class FakeNode implements StageSignaling {
  subscribes = 0;
  readonly answers: string[] = [];
  offer: JsepOffer | null = { type: 'offer', sdp: 'sfu offer 1' };
  feeds: StageFeed[] = [{ feedId: 1, accountId: 'ann', displayName: 'Ann', muted: false, mid: '0' }];
  private feedHandlers: ((feeds: StageFeed[], jsep: JsepOffer | undefined) => void)[] = [];
  private stateHandlers: ((s: StageState) => void)[] = [];
  async subscribe() {
    this.subscribes++;
    return { jsep: this.offer, feeds: this.feeds };
  }
  async start(answer: { sdp: string }) {
    this.answers.push(answer.sdp);
  }
  async publish(): Promise<never> {
    throw new Error('listeners do not publish');
  }
  trickle() {}
  async leave() {}
  onFeeds(h: (feeds: StageFeed[], jsep: JsepOffer | undefined) => void) {
    this.feedHandlers.push(h);
    return () => undefined;
  }
  onState(h: (s: StageState) => void) {
    this.stateHandlers.push(h);
    return () => undefined;
  }
  pushFeeds(feeds: StageFeed[], jsep?: JsepOffer) {
    this.feeds = feeds;
    for (const h of this.feedHandlers) h(feeds, jsep);
  }
  pushState(s: StageState) {
    for (const h of this.stateHandlers) h(s);
  }
}

const track = (id: string) => ({ id, kind: 'audio' }) as unknown as MediaStreamTrack;
class FakeStream {
  constructor(readonly tracks: MediaStreamTrack[]) {}
}
vi.stubGlobal('MediaStream', FakeStream);

function setup() {
  const node = new FakeNode();
  const pcs: FakePeerConnection[] = [];
  const listener = new StageListener({
    signaling: node,
    createPeerConnection: () => {
      const pc = new FakePeerConnection(`pc${pcs.length}`);
      pcs.push(pc);
      return pc;
    },
    backoffMs: () => 10,
  });
  const heard = new Map<string, unknown>();
  listener.onRemoteAudio((id, stream) => (stream ? heard.set(id, stream) : heard.delete(id)));
  const deliver = (pc: FakePeerConnection, mid: string) =>
    (pc.ontrack as unknown as (e: { track: MediaStreamTrack; streams: MediaStream[]; transceiver: { mid: string } }) => void)({ track: track(mid), streams: [], transceiver: { mid } });
  return { node, pcs, listener, heard, deliver };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('StageListener', () => {
  it("answers the SFU's offer on one connection and plays each speaker by its mid", async () => {
    const { node, pcs, listener, heard, deliver } = setup();
    await listener.start();
    expect(pcs).toHaveLength(1);
    expect(node.answers).toEqual([pcs[0]!.localDescription!.sdp]);
    deliver(pcs[0]!, '0');
    expect([...heard.keys()]).toEqual(['ann']);
    pcs[0]!.setConnectionState('connected');
    expect(listener.status).toBe('connected');
  });

  it('follows a renegotiation: a new speaker is heard, a gone one is taken back', async () => {
    const { node, pcs, listener, heard, deliver } = setup();
    await listener.start();
    deliver(pcs[0]!, '0');
    node.pushFeeds(
      [
        { feedId: 1, accountId: 'ann', displayName: 'Ann', muted: false, mid: '0' },
        { feedId: 2, accountId: 'bo', displayName: 'Bo', muted: false, mid: '1' },
      ],
      { type: 'offer', sdp: 'sfu offer 2' },
    );
    await settle();
    await settle();
    deliver(pcs[0]!, '1');
    expect([...heard.keys()].sort()).toEqual(['ann', 'bo']);
    expect(node.answers).toHaveLength(2);
    expect(pcs).toHaveLength(1); // still one connection
    node.pushFeeds([{ feedId: 2, accountId: 'bo', displayName: 'Bo', muted: false, mid: '1' }]);
    await settle();
    expect([...heard.keys()]).toEqual(['bo']);
  });

  it('shows reconnecting while the SFU is lost and subscribes again on a new connection when it is back', async () => {
    const { node, pcs, listener, heard, deliver } = setup();
    await listener.start();
    deliver(pcs[0]!, '0');
    node.pushState('reconnecting');
    expect(listener.status).toBe('reconnecting');
    expect(pcs[0]!.closed).toBe(true);
    expect(heard.size).toBe(0);
    node.pushState('live');
    await settle();
    await settle();
    expect(node.subscribes).toBe(2);
    expect(pcs).toHaveLength(2);
    deliver(pcs[1]!, '0');
    expect([...heard.keys()]).toEqual(['ann']);
  });

  it('retries by itself after its connection failed', async () => {
    const { node, pcs, listener } = setup();
    await listener.start();
    pcs[0]!.setConnectionState('failed');
    expect(listener.status).toBe('reconnecting');
    await new Promise((r) => setTimeout(r, 30));
    expect(node.subscribes).toBe(2);
    expect(pcs).toHaveLength(2);
  });

  it('is connected with nothing to hear while nobody publishes, and opens no connection', async () => {
    const { node, pcs, listener } = setup();
    node.offer = null;
    node.feeds = [];
    await listener.start();
    expect(listener.status).toBe('connected');
    expect(pcs).toHaveLength(0);
  });
});
