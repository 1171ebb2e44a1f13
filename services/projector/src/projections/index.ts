// Every read model the runner maintains, in apply order.
import type { Projection } from '../runner/projection.ts';
import { debateStateProjection } from './debateState/projection.ts';
import { moderationAuditProjection } from './moderationAudit/projection.ts';
import { speakingTimeProjection } from './speakingTime/projection.ts';
import { timelineProjection } from './timeline/projection.ts';
import { voiceQualityProjection } from './voiceQuality/projection.ts';
import { voteResultsProjection } from './voteResults/projection.ts';

export const allProjections: readonly Projection[] = [
  debateStateProjection,
  timelineProjection,
  moderationAuditProjection,
  speakingTimeProjection,
  voteResultsProjection,
  voiceQualityProjection,
];

export const projectionNames = allProjections.map((p) => p.name);

/** The named projections; throws listing the valid names on an unknown one. */
export function selectProjections(names: readonly string[]): Projection[] {
  if (names.length === 0) return [...allProjections];
  const unknown = names.filter((n) => !projectionNames.includes(n));
  if (unknown.length > 0) throw new Error(`Unknown projection(s) ${unknown.join(', ')}; known: ${projectionNames.join(', ')}`);
  return allProjections.filter((p) => names.includes(p.name));
}
