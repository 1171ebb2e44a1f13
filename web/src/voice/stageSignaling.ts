// The stage side of the socket (C_STAGE_* / S_STAGE_*), scoped to one debate: what the stage
// listener and publisher send to the node, which speaks to the SFU on their behalf.
import type { JsepAnswer, JsepOffer, StageFeed, StageLeg, StageState } from '@booktalk/contracts';
import type { RealtimeClient } from '../api/socket.ts';
import type { IceCandidate } from '../api/socketMessages.ts';

export interface StageSignaling {
  /** The SFU's offer for every current speaker (null while nobody publishes) and who they are. */
  subscribe(): Promise<{ jsep: JsepOffer | null; feeds: StageFeed[] }>;
  start(answer: JsepAnswer): Promise<void>;
  publish(offer: JsepOffer): Promise<{ feedId: number; jsep: JsepAnswer }>;
  trickle(leg: StageLeg, candidate: IceCandidate | null): void;
  leave(leg?: StageLeg): Promise<void>;
  /** The speakers changed; with `jsep` the SFU renegotiates the listener's connection. */
  onFeeds(handler: (feeds: StageFeed[], jsep: JsepOffer | undefined) => void): () => void;
  onState(handler: (state: StageState) => void): () => void;
}

export function socketStageSignaling(client: RealtimeClient, debateId: string): StageSignaling {
  return {
    async subscribe() {
      const ack = (await client.emit('C_STAGE_SUBSCRIBE', { debateId })) as { jsep: JsepOffer | null; feeds: StageFeed[] };
      return { jsep: ack.jsep, feeds: ack.feeds };
    },
    async start(jsep) {
      await client.emit('C_STAGE_START', { debateId, jsep });
    },
    async publish(jsep) {
      const ack = (await client.emit('C_STAGE_PUBLISH', { debateId, jsep })) as { feedId: number; jsep: JsepAnswer };
      return { feedId: ack.feedId, jsep: ack.jsep };
    },
    trickle(leg, candidate) {
      client.emit('C_STAGE_TRICKLE', { debateId, leg, candidate }).catch((e: unknown) => console.warn('C_STAGE_TRICKLE refused', e));
    },
    async leave(leg) {
      await client.emit('C_STAGE_LEAVE', { debateId, ...(leg ? { leg } : {}) });
    },
    onFeeds(handler) {
      return client.on('S_STAGE_FEEDS', (p) => p.debateId === debateId && handler(p.feeds, p.jsep));
    },
    onState(handler) {
      return client.on('S_STAGE_STATE', (p) => p.debateId === debateId && handler(p.state));
    },
  };
}
