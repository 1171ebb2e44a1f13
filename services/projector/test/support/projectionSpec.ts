// given(events).when(events).then(rows) for the pure projection folds: emmett's projection spec
// shape without a database. Events go in as the deciders emit them (each checked against its
// schema) and reach the fold as the runner hands them over: debate id, position, version, instant.
import { type DebateEvent, DebateEventSchema } from '@booktalk/contracts';
import { expect } from 'vitest';
import { type ProjectedEvent, eventAt } from '../../src/events.ts';
import type { Rows } from '../../src/projections/rows.ts';

/** An event of another debate than the spec's default one. */
export interface InDebate {
  debateId: string;
  event: DebateEvent;
}
export const inDebate = (debateId: string, event: DebateEvent): InDebate => ({ debateId, event });

/** Rows as the tables hold them: each map of rows becomes the list of its rows, in first-written order. */
export type Tables<R> = R extends Rows<infer Row> ? Row[] : { [K in keyof R]: R[K] extends Rows<infer Row> ? Row[] : never };

const asTables = <R>(rows: R): Tables<R> =>
  (rows instanceof Map
    ? [...rows.values()]
    : Object.fromEntries(Object.entries(rows as Record<string, Rows<unknown>>).map(([table, map]) => [table, [...map.values()]]))) as Tables<R>;

export interface ProjectionFold<R> {
  evolve(rows: R, event: ProjectedEvent): R;
  empty(): R;
}

export function projectionSpec<R>(fold: ProjectionFold<R>, debateId = 'd1') {
  const project = (inputs: readonly (DebateEvent | InDebate)[]): R => {
    const versions = new Map<string, number>();
    return inputs.reduce((rows, input, i) => {
      const { debateId: id, event } = 'debateId' in input ? input : { debateId, event: input };
      DebateEventSchema.parse(event);
      const version = versions.get(id) ?? 0;
      versions.set(id, version + 1);
      return fold.evolve(rows, { position: BigInt(i + 1), debateId: id, version, event, at: eventAt(event), actorId: 'tester' });
    }, fold.empty());
  };
  return {
    given(...history: (DebateEvent | InDebate)[]) {
      return {
        when(...events: (DebateEvent | InDebate)[]) {
          return {
            then(expected: Tables<R>): void {
              expect(asTables(project([...history, ...events]))).toEqual(expected);
            },
          };
        },
      };
    },
  };
}
