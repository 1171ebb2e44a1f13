// How a debate's listeners receive the speakers: `mesh` (a link from every speaker, small rooms
// and the embedded default) or `stage` (one connection to the SFU). The node decides from the
// projected audience size and its SFU's health, the same on every node for the same state.
import { z } from 'zod';
import { DebateId } from '../ids.ts';

export const VoiceMode = z.enum(['mesh', 'stage']);
export type VoiceMode = z.infer<typeof VoiceMode>;

/**
 * The debate's voice mode: sent after C_ROOM_SUBSCRIBE and whenever it changes. In `stage`,
 * listeners subscribe to the stage (C_STAGE_SUBSCRIBE) and speakers publish to it besides the mesh;
 * in `mesh`, listeners take links from the speakers (C_VOICE_JOIN again if they were on stage).
 */
export const S_VOICE_MODE = z.object({ debateId: DebateId, mode: VoiceMode });
export type S_VOICE_MODE = z.infer<typeof S_VOICE_MODE>;
