// The one error shape every boundary speaks: HTTP bodies, socket acks, CLI output.
import { z } from 'zod';

export const ErrorIssue = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
  code: z.string().optional(),
});
export const ApiError = z.object({
  code: z.string(),
  message: z.string(),
  issues: z.array(ErrorIssue).optional(),
});
export type ApiError = z.infer<typeof ApiError>;
export const ErrorResponse = z.object({ ok: z.literal(false), error: ApiError });
export type ErrorResponse = z.infer<typeof ErrorResponse>;

/** zod issues → our issue list (paths without symbols, stable across zod versions). */
export const toIssues = (error: z.ZodError): z.infer<typeof ErrorIssue>[] =>
  error.issues.map((i) => ({
    path: i.path.filter((p): p is string | number => typeof p !== 'symbol'),
    message: i.message,
    code: i.code,
  }));
