import { z } from 'zod';

import { ModerationFields, Side, message } from './common.ts';

const fields = z.object(ModerationFields);
export const ParticipantMuted = message('ParticipantMuted', fields);
export const ParticipantUnmuted = message('ParticipantUnmuted', fields);
export const ParticipantRemoved = message('ParticipantRemoved', fields);
export const SpeakerPromoted = message('SpeakerPromoted', fields.extend({ side: Side.nullable() }));
export const SpeakerDemoted = message('SpeakerDemoted', fields);
export const ModeratorAssigned = message('ModeratorAssigned', fields);
export const RoomLocked = message('RoomLocked', fields);
export const RoomUnlocked = message('RoomUnlocked', fields);
export const MessageHidden = message('MessageHidden', fields.extend({ messageId: z.string() }));
