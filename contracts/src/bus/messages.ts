// Messages that travel on the bus (in-process by default, Kafka when scaled).
import { z } from 'zod';
import { DebateView } from '../state/view.ts';

export const DEBATE_CHANGES_TOPIC = 'booktalk.debate-changes';

/** Published by the projector after each committed batch; keyed by debateId. */
export const DebateChanged = z.object({
  debateId: z.string(),
  /** Global position the read model reached for this debate (decimal string: bigint-safe). */
  position: z.string().regex(/^\d+$/),
  /** Event types folded in this batch, so a consumer can decide what to refresh. */
  eventTypes: z.array(z.string()),
  state: DebateView,
});
export type DebateChanged = z.infer<typeof DebateChanged>;
