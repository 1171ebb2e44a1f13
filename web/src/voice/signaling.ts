// The voice side of the socket, as the mesh needs it: what it sends and what it hears.
import { VoiceJoinAck } from '@booktalk/contracts';
import type { RealtimeClient } from '../api/socket.ts';
import type { ClientPayloads, IceCandidate, ServerPayload, VoiceLink } from '../api/socketMessages.ts';

export type VoiceInbound =
  /** `transport` stage: the joiner hears through the SFU, nobody opens a link to it. */
  | { kind: 'join'; accountId: string; transport: 'mesh' | 'stage' }
  | { kind: 'leave'; accountId: string }
  | { kind: 'offer' | 'answer'; fromId: string; toId: string; sdp: string }
  | { kind: 'candidate'; fromId: string; toId: string; candidate: IceCandidate };

export interface VoiceSignaling {
  /**
   * `rejoinAttempt` (1-5) marks a retry after a failure. Resolves with the account ids of the
   * others already in the voice room (the ack's `peers`).
   */
  join(rejoinAttempt?: number): Promise<string[]>;
  /** `gaveUpAfter`: leaving because the rejoins ran out after that many attempts. */
  leave(gaveUpAfter?: number): Promise<void>;
  description(toId: string, type: 'offer' | 'answer', sdp: string): void;
  candidate(toId: string, candidate: IceCandidate): void;
  link(report: Omit<VoiceLink, 'debateId'>): void;
  onMessage(handler: (message: VoiceInbound) => void): () => void;
}

/** VoiceSignaling over the socket.io client, scoped to one debate and one account. */
export function socketVoiceSignaling(client: RealtimeClient, debateId: string, selfId: string): VoiceSignaling {
  const fire = <E extends keyof ClientPayloads>(event: E, payload: ClientPayloads[E]) => {
    client.emit(event, payload).catch((e: unknown) => console.warn(`${event} refused`, e));
  };
  const inDebate = (p: { debateId: string }) => p.debateId === debateId;
  return {
    join: async (rejoinAttempt) => {
      const ack = VoiceJoinAck.safeParse(await client.emit('C_VOICE_JOIN', { debateId, accountId: selfId, ...(rejoinAttempt ? { rejoinAttempt } : {}) }));
      return ack.success ? ack.data.peers.map((p) => p.accountId).filter((id) => id !== selfId) : [];
    },
    leave: async (gaveUpAfter) => {
      await client.emit('C_VOICE_LEAVE', { debateId, ...(gaveUpAfter ? { gaveUpAfter } : {}) });
    },
    description: (toId, type, sdp) => fire(type === 'offer' ? 'C_VOICE_OFFER' : 'C_VOICE_ANSWER', { debateId, fromId: selfId, toId, sdp }),
    candidate: (toId, candidate) => fire('C_VOICE_ICE_CANDIDATE', { debateId, fromId: selfId, toId, candidate }),
    link: (report) => fire('C_VOICE_LINK', { debateId, ...report }),
    onMessage(handler) {
      const description = (kind: 'offer' | 'answer') => (p: ServerPayload<'S_VOICE_OFFER' | 'S_VOICE_ANSWER'>) => {
        if (inDebate(p)) handler({ kind, fromId: p.fromId, toId: p.toId, sdp: p.sdp });
      };
      const offs = [
        client.on('S_VOICE_JOIN', (p) => inDebate(p) && handler({ kind: 'join', accountId: p.accountId, transport: p.transport ?? 'mesh' })),
        client.on('S_VOICE_LEAVE', (p) => inDebate(p) && handler({ kind: 'leave', accountId: p.accountId })),
        client.on('S_VOICE_OFFER', description('offer')),
        client.on('S_VOICE_ANSWER', description('answer')),
        client.on('S_VOICE_ICE_CANDIDATE', (p) => inDebate(p) && handler({ kind: 'candidate', fromId: p.fromId, toId: p.toId, candidate: p.candidate })),
      ];
      return () => offs.forEach((off) => off());
    },
  };
}
