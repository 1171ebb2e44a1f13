import { z } from 'zod';

import { ModerationFields, Side, message } from './common.ts';

const fields = z.object(ModerationFields);
export const ParticipantMuted = message('ParticipantMuted', fields);
export const ParticipantUnmuted = message('ParticipantUnmuted', fields);
export const ParticipantRemoved = message('ParticipantRemoved', fields);
export const SpeakerPromoted = message('SpeakerPromoted', fields.extend({ side: Side.nullable() }));
export const SpeakerDemoted = message('SpeakerDemoted', fields);
export const ModeratorAssigned = message('ModeratorAssigned', fields);
/** The host (or a site admin) takes the role back: the target loses every moderator right and listens. */
export const ModeratorRevoked = message('ModeratorRevoked', fields);
export const RoomLocked = message('RoomLocked', fields);
export const RoomUnlocked = message('RoomUnlocked', fields);
/** Who may join: with `accountsOnly`, guests may not (a removed guest cannot come back as a new guest). */
export const RoomAccessChanged = message('RoomAccessChanged', fields.extend({ accountsOnly: z.boolean() }));
export const MessageHidden = message('MessageHidden', fields.extend({ messageId: z.string() }));
