// Qualified table names of every read model, for the query service and tests.
export { DEBATE_STATE, DEBATES, STATE_SNAPSHOTS, SNAPSHOT_EVERY } from './projections/debateState/projection.ts';
export { TIMELINE, TIMELINE_DEBATES, TIMELINE_NAMES } from './projections/timeline/projection.ts';
export { MODERATION_AUDIT } from './projections/moderationAudit/projection.ts';
export { SPEAKING_TURNS, SPEAKING_PARTICIPANTS } from './projections/speakingTime/projection.ts';
export { VOTE_RESULTS } from './projections/voteResults/projection.ts';
export { VOICE_QUALITY, VOICE_LINKS } from './projections/voiceQuality/projection.ts';
