// JSON bodies without a `__proto__`, `constructor` or `prototype` key anywhere in them. The schemas
// would strip such a key and accept the rest, but it is never part of our payloads: a body carrying
// one is refused (400) before any handler runs, as the signaling node refuses the same keys in
// socket payloads, so no request that tries prototype pollution writes anything.
import express, { type RequestHandler } from 'express';
import { HttpError } from './httpError.ts';

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

interface Visit {
  value: unknown;
  key: string | number | null;
  parent: Visit | null;
}

/** The path of the first forbidden key in a parsed JSON value, or null. Iterative: a body 500,000 levels deep is fine. */
export function forbiddenKeyPath(value: unknown): (string | number)[] | null {
  const stack: Visit[] = [{ value, key: null, parent: null }];
  while (stack.length) {
    const visit = stack.pop()!;
    const v = visit.value;
    if (v === null || typeof v !== 'object') continue;
    const keys: (string | number)[] = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
    for (const key of keys) {
      const child: Visit = { value: (v as Record<string | number, unknown>)[key], key, parent: visit };
      if (typeof key === 'string' && FORBIDDEN.has(key)) {
        const path: (string | number)[] = [];
        for (let at: Visit | null = child; at && at.key !== null; at = at.parent) path.unshift(at.key);
        return path;
      }
      stack.push(child);
    }
  }
  return null;
}

/** express.json followed by the forbidden-key check: the body parser of every route that takes a body. */
export function jsonBody(options: Parameters<typeof express.json>[0]): RequestHandler {
  const parse = express.json(options);
  return (req, res, next) =>
    parse(req, res, (error?: unknown) => {
      if (error) return next(error);
      const path = forbiddenKeyPath(req.body);
      if (!path) return next();
      next(new HttpError(400, 'VALIDATION_FAILED', `The key ${JSON.stringify(path.at(-1))} is not allowed in a request body`, [{ path, message: 'is not allowed' }]));
    });
}
