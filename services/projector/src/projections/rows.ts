// Read-model rows held in memory while a batch folds: maps by key, updated copy-on-write, so the
// folds stay pure and the I/O can tell which rows a batch changed by identity alone.
export type Rows<R> = ReadonlyMap<string, R>;

export const indexRows = <R>(rows: readonly R[], key: (row: R) => string): Rows<R> => new Map(rows.map((r) => [key(r), r]));

/** A copy of `rows` with `row` at `key`. */
export const withRow = <R>(rows: Rows<R>, key: string, row: R): Rows<R> => new Map(rows).set(key, row);

/** The rows a fold created or replaced since `before`: what the batch has to write. */
export const changedRows = <R>(before: Rows<R>, after: Rows<R>): R[] =>
  [...after].filter(([key, row]) => before.get(key) !== row).map(([, row]) => row);
