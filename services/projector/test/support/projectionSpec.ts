// given(events).when(events).then(rows) for the pure projection folds: emmett's projection spec
// shape without a database. Events go in as the deciders emit them (each checked against its
// schema) and reach the folds as the runner hands them over: debate id, position, version,
// instant. The `given` events are folded as one batch, the `when` events as the next one on top
// of its rows (as if loaded back from the table); `then` gets each table's rows.
import { type DebateEvent, DebateEventSchema } from '@booktalk/contracts';
import { expect } from 'vitest';
import { type ProjectedEvent, eventAt } from '../../src/events.ts';
import { type RowFold, foldRows, rowKey } from '../../src/projections/rows.ts';

/** An event of another debate than the spec's default one. */
export interface InDebate {
  debateId: string;
  event: DebateEvent;
}
export const inDebate = (debateId: string, event: DebateEvent): InDebate => ({ debateId, event });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any row type: each table keeps its own
type Tables = Record<string, RowFold<any>>;
/** Each table's rows, in the order they were first written. */
export type TableRows<T extends Tables> = { [K in keyof T]: T[K] extends RowFold<infer R> ? R[] : never };

function projected(inputs: readonly (DebateEvent | InDebate)[], debateId: string): ProjectedEvent[] {
  const versions = new Map<string, number>();
  return inputs.map((input, i) => {
    const { debateId: id, event } = 'debateId' in input ? input : { debateId, event: input };
    DebateEventSchema.parse(event);
    const version = versions.get(id) ?? 0;
    versions.set(id, version + 1);
    return { position: BigInt(i + 1), debateId: id, version, event, at: eventAt(event), actorId: 'tester' };
  });
}

/** The table after two batches: the rows of the first, replaced or joined by what the second changed. */
function twoBatches<R>(fold: RowFold<R>, first: ProjectedEvent[], second: ProjectedEvent[]): R[] {
  const rows = new Map(foldRows(fold, [], first).map((r) => [rowKey(fold, r), r]));
  for (const r of foldRows(fold, [...rows.values()], second)) rows.set(rowKey(fold, r), r);
  return [...rows.values()];
}

export function projectionSpec<T extends Tables>(tables: T, debateId = 'd1') {
  return {
    given(...history: (DebateEvent | InDebate)[]) {
      return {
        when(...events: (DebateEvent | InDebate)[]) {
          return {
            then(expected: TableRows<T>): void {
              const all = projected([...history, ...events], debateId);
              const first = all.slice(0, history.length);
              const second = all.slice(history.length);
              const actual = Object.fromEntries(Object.entries(tables).map(([name, fold]) => [name, twoBatches(fold, first, second)]));
              expect(actual).toEqual(expected);
            },
          };
        },
      };
    },
  };
}
