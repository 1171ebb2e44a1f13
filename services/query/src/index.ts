// @booktalk/query: the read side's HTTP API (express) and its OpenAPI document.
export { createQueryRouter, type QueryRouterOptions } from './router.ts';
export { openApiDocument } from './openapi/document.ts';
export * from './http/schemas.ts';
export { fairness, speakingTime } from './analytics/speakingTime.ts';
export { voteResults, sideOfOption } from './analytics/votes.ts';
export { stateAt, type Instant } from './replay/stateAt.ts';
