// Request parsing that fails as 400 VALIDATION_FAILED with the zod issues (the error handler
// renders them): bodies, query strings and path parameters alike.
import { toIssues } from '@booktalk/contracts';
import type { z } from 'zod';
import { HttpError } from './httpError.ts';

export function parseOr400<S extends z.ZodType>(schema: S, input: unknown, what = 'request body'): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new HttpError(400, 'VALIDATION_FAILED', `Invalid ${what}`, toIssues(result.error));
  return result.data;
}

export const notFound = (debateId: string) => new HttpError(404, 'DEBATE_NOT_FOUND', `No debate ${debateId}`);
