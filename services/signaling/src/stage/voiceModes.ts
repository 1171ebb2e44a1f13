// Which transport a debate's listeners use, decided by the node and pushed as S_VOICE_MODE:
// `stage` above a configured audience size while the SFU is up; `mesh` below it, and as the
// fallback when the SFU is lost and the audience is small enough for the speakers to carry.
// The decision reads only the projected state and the SFU's health, so nodes following the same
// debate agree; there is no hysteresis on purpose (a node that started later would disagree
// with one that remembers the past).
import type { DebateView, VoiceMode } from '@booktalk/contracts';
import type { DebateFeed } from '../debateFeed.ts';
import { debateRoom } from '../rooms.ts';
import type { Io, ServerSocket } from '../socketState.ts';

export interface VoiceModePolicy {
  /** Listeners use the stage when the audience is larger than this (0: whenever there is one). */
  stageAbove: number;
  /** With the SFU lost, an audience up to this size falls back to the mesh; a larger one waits. */
  meshFallbackMax: number;
}

export const DEFAULT_VOICE_MODE_POLICY: VoiceModePolicy = { stageAbove: 6, meshFallbackMax: 8 };

/** The audience of the projected state: participants who listen (speakers and moderators talk). */
export const audienceOf = (state: DebateView): number => state.participants.filter((p) => p.role === 'audience').length;

/** The pure rule. `sfu` null: this node has no SFU (mesh only). */
export function voiceModeFor(policy: VoiceModePolicy, audience: number, sfu: 'live' | 'lost' | null): VoiceMode {
  if (sfu === null || audience <= policy.stageAbove) return 'mesh';
  if (sfu === 'lost' && audience <= policy.meshFallbackMax) return 'mesh';
  return 'stage';
}

/** The node's current mode per followed debate, and the pushes when it changes. */
export class VoiceModes {
  private readonly modes = new Map<string, VoiceMode>();

  constructor(
    private readonly io: Io,
    private readonly feed: DebateFeed,
    private readonly policy: VoiceModePolicy,
    /** The health of the SFU holding the debate's room, null without one. */
    private readonly sfu: (debateId: string) => 'live' | 'lost' | null,
  ) {
    feed.onChange((_previous, next) => this.update(next.state.id, next.state));
  }

  /** The mode for this state (remembered, so a later change is pushed). */
  modeOf(state: DebateView): VoiceMode {
    const mode = voiceModeFor(this.policy, audienceOf(state), this.sfu(state.id));
    this.modes.set(state.id, mode);
    return mode;
  }

  /** After C_ROOM_SUBSCRIBE: the socket learns the mode with the state. */
  tell(socket: ServerSocket, state: DebateView): void {
    socket.emit('S_VOICE_MODE', { debateId: state.id, mode: this.modeOf(state) });
  }

  /** The SFU came or went: every followed debate is decided again. */
  async sfuChanged(): Promise<void> {
    for (const debateId of [...this.modes.keys()]) {
      const debate = await this.feed.current(debateId);
      if (debate) this.update(debateId, debate.state);
      else this.modes.delete(debateId);
    }
  }

  private update(debateId: string, state: DebateView): void {
    const before = this.modes.get(debateId);
    const mode = this.modeOf(state);
    // Each node tells its own sockets (io.local): the others decide the same from the same state.
    if (before !== undefined && before !== mode) this.io.local.to(debateRoom(debateId)).emit('S_VOICE_MODE', { debateId, mode });
  }
}
