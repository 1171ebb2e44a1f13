// Every error status the HTTP API can answer, with the codes behind it: the one table the error
// handler maps to and the OpenAPI document is built from, so the document cannot leave one out.
// The signaling node's acks use the same mapping (toErrorBody in errorHandler.ts).
import type { DomainErrorKind } from '@booktalk/domain';

/** DomainError kind → status: a rule the request broke is 422, not a conflict. */
export const domainStatus: Record<DomainErrorKind, number> = { forbidden: 403, not_found: 404, conflict: 409, rule: 422 };

export const errorStatuses = {
  400: 'Invalid request: body, query string or path parameter (code VALIDATION_FAILED with the zod issues, INVALID_JSON, or BAD_REQUEST for a body or path that does not decode)',
  401: 'No, forged or expired session token (code UNAUTHENTICATED)',
  403: 'Not allowed for this account (a code such as NOT_MODERATOR, NOT_HOST, ACCOUNT_REQUIRED, FORBIDDEN)',
  404: 'No such debate (code DEBATE_NOT_FOUND)',
  405: 'Method not allowed on this path (code METHOD_NOT_ALLOWED; the Allow header lists the methods)',
  409: 'Conflict: the debate exists already, or concurrent writers kept winning (code CONCURRENCY_CONFLICT; safe to retry)',
  413: 'Body larger than 1 MB (code PAYLOAD_TOO_LARGE)',
  422: 'Refused by a debate rule (a code such as DEBATE_NOT_LIVE, NOT_YOUR_TURN, VOTE_CLOSED)',
  429: 'Too many requests from this client (code RATE_LIMITED; see Retry-After)',
  500: 'Unexpected error on our side (code INTERNAL; logged)',
  503: 'A service this request needs is unavailable, e.g. the database (code UNAVAILABLE; retry after Retry-After)',
} as const;
export type ErrorStatus = keyof typeof errorStatuses;

/** What a route may answer besides 2xx, by what it does. */
export interface RouteTraits {
  /** Takes a JSON body. */
  body?: boolean;
  /** Needs a session token. */
  auth?: boolean;
  /** Restricted to some roles (403). */
  restricted?: boolean;
  /** Has a debate id in its path. */
  debatePath?: boolean;
  /** Sends a command: domain refusals (403, 404, 409, 422). */
  command?: boolean;
}

/** Statuses every route can answer: bad input, the rate limit, our errors, an unavailable database. */
const ALWAYS: ErrorStatus[] = [400, 429, 500, 503];

export function routeErrorStatuses(t: RouteTraits): ErrorStatus[] {
  const set = new Set<ErrorStatus>(ALWAYS);
  if (t.body) set.add(413);
  if (t.auth) set.add(401);
  if (t.restricted) set.add(403);
  if (t.debatePath) set.add(404);
  if (t.command) for (const s of [403, 404, 409, 422] as const) set.add(s);
  return [...set].sort((a, b) => a - b);
}
