// Folds who is in the voice mesh. Link and rejoin events are quality signals only: they feed the
// voice_quality read model, not the room state.
import type { EventOf } from '../../events/index.ts';
import type { DebateState } from '../debateState.ts';
import { omit, patchParticipant } from './records.ts';

export type VoiceEvent = EventOf<
  'VoiceJoined' | 'VoiceLeft' | 'PeerLinkEstablished' | 'PeerLinkFailed' | 'VoiceRejoinAttempted' | 'VoiceRejoinAbandoned'
>;

export function evolveVoice(s: DebateState, event: VoiceEvent): DebateState {
  switch (event.type) {
    case 'VoiceJoined':
      return {
        ...patchParticipant(s, event.data.accountId, { connected: true }),
        voice: { ...s.voice, [event.data.accountId]: event.data.peerId },
      };
    case 'VoiceLeft':
      return { ...patchParticipant(s, event.data.accountId, { connected: false }), voice: omit(s.voice, event.data.accountId) };
    case 'PeerLinkEstablished':
    case 'PeerLinkFailed':
    case 'VoiceRejoinAttempted':
    case 'VoiceRejoinAbandoned':
      return s;
    default: {
      const _exhaustive: never = event;
      throw new Error(`Not a voice event: ${(_exhaustive as { type: string }).type}`);
    }
  }
}
