// Signaling lifecycle. SDP and ICE payloads are relayed, never stored: only outcomes land here.
import { z } from 'zod';
import { AccountId } from '../ids.ts';
import { IsoTime, message } from './common.ts';

export const PeerId = z.string().min(1).max(128);
export const CandidateType = z.enum(['host', 'srflx', 'prflx', 'relay']);

export const VoiceJoined = message(
  'VoiceJoined',
  z.object({ accountId: AccountId, peerId: PeerId, node: z.string(), at: IsoTime }),
);
export const VoiceLeft = message(
  'VoiceLeft',
  z.object({ accountId: AccountId, reason: z.enum(['left', 'disconnected', 'failed', 'removed', 'ended']), at: IsoTime }),
);
export const PeerLinkEstablished = message(
  'PeerLinkEstablished',
  z.object({ a: AccountId, b: AccountId, connectMs: z.number().int().nonnegative(), candidateType: CandidateType.nullable(), at: IsoTime }),
);
export const PeerLinkFailed = message(
  'PeerLinkFailed',
  z.object({ a: AccountId, b: AccountId, attempt: z.number().int().positive(), at: IsoTime }),
);
export const VoiceRejoinAttempted = message(
  'VoiceRejoinAttempted',
  z.object({ accountId: AccountId, attempt: z.number().int().min(1).max(5), at: IsoTime }),
);
export const VoiceRejoinAbandoned = message(
  'VoiceRejoinAbandoned',
  z.object({ accountId: AccountId, attempts: z.number().int().positive(), at: IsoTime }),
);
