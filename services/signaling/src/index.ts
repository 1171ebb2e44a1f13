// @booktalk/signaling: the socket.io signaling node (voice relay, live projected state, commands
// over the socket). The protocol is in this package's README.
export { attachSignaling, type SignalingNode, type StageOption } from './attachSignaling.ts';
export { type JanusStageOptions, type StageController, createJanusPool, createJanusStage, placeDebate, roomIdOf } from './stage/index.ts';
export { debateStateReader, type Queryable } from './readModel.ts';
export type {
  CommandPolicy,
  Identity,
  ListVoiceSessions,
  OnSessionRevoked,
  ProjectedDebate,
  ReadState,
  Refusal,
  SignalingConfig,
  SignalingOptions,
  VerifyToken,
  VoiceRecordLimits,
  VoiceSession,
  WriteBudget,
} from './ports.ts';
export { VOICE_RECORD_LIMITS } from './ports.ts';
