// Several Janus instances behind one StageController: each debate's room lives on one instance,
// chosen by rendezvous hashing of the debate id over the instance URLs, so every node places a
// debate on the same instance without talking to the others, and adding an instance moves only
// the debates that now rank it first (about 1/n of them).
//
// A lost instance is not failed over: its debates wait for it (their listeners fall back to the
// mesh when small enough, else show "audio reconnecting") while the other instances' debates
// carry on. Failing over would need every node to agree on the same liveness at the same moment,
// or a debate's speakers and listeners could end up on different instances.
import { createHash } from 'node:crypto';
import type { StageController, StageEvents } from './controller.ts';
import { JanusStage, type JanusStageOptions } from './janusStage.ts';

/** The index of the instance that holds this debate's room (highest hash of url + debate id). */
export function placeDebate(debateId: string, urls: readonly string[]): number {
  let best = -1;
  let bestWeight = -1n;
  urls.forEach((url, i) => {
    const weight = createHash('sha256').update(url).update('\0').update(debateId).digest().readBigUInt64BE(0);
    if (weight > bestWeight) {
      best = i;
      bestWeight = weight;
    }
  });
  return best;
}

export class JanusPool implements StageController {
  private readonly urls: string[];

  constructor(private readonly members: { url: string; stage: JanusStage }[]) {
    if (members.length === 0) throw new Error('JanusPool needs at least one Janus');
    this.urls = members.map((m) => m.url);
  }

  /** The instance holding the debate's room. */
  of(debateId: string): JanusStage {
    return this.members[placeDebate(debateId, this.urls)]!.stage;
  }

  connectNow(): Promise<void> {
    return Promise.all(this.members.map((m) => m.stage.connectNow())).then(() => undefined);
  }
  /** True while every instance is live. */
  connected(): boolean {
    return this.members.every((m) => m.stage.connected());
  }
  connectedFor(debateId: string): boolean {
    return this.of(debateId).connected();
  }

  listen(events: StageEvents): void {
    for (const m of this.members) {
      // An instance's loss concerns only the debates placed on it.
      m.stage.listen({ ...events, connection: (state) => events.connection(state, (debateId) => this.of(debateId) === m.stage) });
    }
  }

  createRoom: StageController['createRoom'] = (d) => this.of(d).createRoom(d);
  destroyRoom: StageController['destroyRoom'] = (d) => this.of(d).destroyRoom(d);
  publish: StageController['publish'] = (d, ...rest) => this.of(d).publish(d, ...rest);
  subscribe: StageController['subscribe'] = (d, ...rest) => this.of(d).subscribe(d, ...rest);
  start: StageController['start'] = (d, ...rest) => this.of(d).start(d, ...rest);
  trickle: StageController['trickle'] = (d, ...rest) => this.of(d).trickle(d, ...rest);
  muteFeed: StageController['muteFeed'] = (d, ...rest) => this.of(d).muteFeed(d, ...rest);
  kickFeed: StageController['kickFeed'] = (d, ...rest) => this.of(d).kickFeed(d, ...rest);
  listFeeds: StageController['listFeeds'] = (d) => this.of(d).listFeeds(d);
  midsOf: StageController['midsOf'] = (d, socketId) => this.of(d).midsOf(d, socketId);
  has: StageController['has'] = (d, ...rest) => this.of(d).has(d, ...rest);
  leave: StageController['leave'] = (d, ...rest) => this.of(d).leave(d, ...rest);

  async close(): Promise<void> {
    await Promise.all(this.members.map((m) => m.stage.close()));
  }
}

/** One JanusStage per URL (comma-separated in JANUS_URL), pooled when there are several. */
export function createJanusPool(urls: string[], options: Omit<JanusStageOptions, 'url'>): JanusPool {
  const pool = new JanusPool(urls.map((url) => ({ url, stage: new JanusStage({ ...options, url }) })));
  void pool.connectNow();
  return pool;
}
