// Stage mode (speakers → SFU → listeners): the controller port, the Janus adapter and the node's rules.
export { type Candidate, SfuError, type SfuFeed, type StageController, type StageEvents } from './controller.ts';
export { JanusStage, type JanusStageOptions, createJanusStage, roomIdOf } from './janusStage.ts';
export { JanusPool, createJanusPool, placeDebate } from './janusPool.ts';
export { StageRefusal, StageRooms } from './stageRooms.ts';
export { createStageMetrics, type StageMetrics } from './stageMetrics.ts';
