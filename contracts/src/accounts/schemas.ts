// HTTP payloads of the accounts service: sign-up, sign-in, guest sessions, refresh, the profile.
// The server validates with these and the web app reads the same shapes.
import { z } from 'zod';
import { codePoints, storableName, storableText } from '../storable.ts';

/** A handle (3–32 of letters, digits, `.`, `_`, `-`) or an e-mail address; unique ignoring case. */
// One pattern (no refine), so the OpenAPI document states exactly what the server accepts.
export const Username = z
  .string()
  .max(254, { message: 'must be at most 254 characters' })
  .regex(/^([A-Za-z0-9._-]{3,32}|[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})$/, {
    message: 'must be 3-32 letters, digits, ".", "_" or "-", or an e-mail address',
  });

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

const graphemeSegmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
/** Characters as a person counts them: one per grapheme cluster (👍🏽, é as e + ◌́, 👨‍👩‍👧 each count 1). */
export const graphemes = (s: string): number => {
  let n = 0;
  for (const _ of graphemeSegmenter.segment(s)) n++;
  return n;
};

/**
 * Length is what makes a password strong (NIST SP 800-63B): no composition rules, a floor and a
 * generous ceiling. The floor counts what a person sees as characters (grapheme clusters): in
 * UTF-16 units five emoji passed a 10-character rule. The ceiling counts code points, as the
 * document's maxLength does.
 */
export const Password = z
  .string()
  .refine((s) => graphemes(s) >= PASSWORD_MIN, { message: `must be at least ${PASSWORD_MIN} characters` })
  .refine((s) => codePoints(s) <= PASSWORD_MAX, { message: `must be at most ${PASSWORD_MAX} characters` })
  .meta({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX, description: `${PASSWORD_MIN}–${PASSWORD_MAX} characters; the minimum counts grapheme clusters (what a reader sees as one character)` });

/**
 * A display name: trimmed of spaces and invisible characters at either end, refused when nothing
 * visible is left or with a bidi override inside (storable.ts, storableName).
 */
export const DisplayName = storableName({ max: 60 });

export const SignUpRequest = z
  .object({ username: Username, displayName: DisplayName, password: Password })
  .refine((b) => b.password.toLowerCase() !== b.username.toLowerCase(), {
    path: ['password'],
    message: 'must not be the username',
  });
export type SignUpRequest = z.infer<typeof SignUpRequest>;

/** Sign-in takes whatever was typed: the rules above are for new passwords, not for checking old ones. */
export const SignInRequest = z.object({
  // Whatever was typed, as long as it can be looked up (no NUL or other control characters).
  username: storableText({ min: 1, max: 254 }),
  password: z.string().min(1, 'is required').max(PASSWORD_MAX, `must be at most ${PASSWORD_MAX} characters`),
});
export type SignInRequest = z.infer<typeof SignInRequest>;

export const GuestSessionRequest = z.object({ displayName: DisplayName });
export type GuestSessionRequest = z.infer<typeof GuestSessionRequest>;

export const IdentityKind = z.enum(['account', 'guest']);
export type IdentityKind = z.infer<typeof IdentityKind>;

export const SessionResponse = z.object({
  ok: z.literal(true),
  /** Bearer access token (HTTP `Authorization` and the socket.io handshake's `auth.token`). */
  token: z.string(),
  accountId: z.string(),
  displayName: z.string(),
  kind: IdentityKind,
  sessionId: z.string(),
  /** When `token` stops being accepted; refresh before. */
  expiresAt: z.string(),
  /** One use: `POST /api/session/refresh` answers a new pair. */
  refreshToken: z.string(),
});
export type SessionResponse = z.infer<typeof SessionResponse>;

export const RefreshRequest = z.object({ refreshToken: z.string().min(1, 'is required').max(200) });
export type RefreshRequest = z.infer<typeof RefreshRequest>;

export const MeResponse = z.object({
  ok: z.literal(true),
  accountId: z.string(),
  kind: IdentityKind,
  displayName: z.string(),
  /** null for a guest. */
  username: z.string().nullable(),
  createdAt: z.string().nullable(),
  admin: z.boolean(),
});
export type MeResponse = z.infer<typeof MeResponse>;
/** PATCH /api/me: the profile, plus a fresh token (the old one carries the old display name). */
export const UpdateMeResponse = MeResponse.extend({ token: z.string(), expiresAt: z.string() });
export type UpdateMeResponse = z.infer<typeof UpdateMeResponse>;

export const UpdateMeRequest = z
  .object({
    displayName: DisplayName.optional(),
    password: Password.optional(),
    currentPassword: z.string().min(1, 'is required').max(PASSWORD_MAX).optional(),
  })
  .strict()
  .refine((b) => b.displayName !== undefined || b.password !== undefined, { message: 'send displayName, password or both' })
  .refine((b) => b.password === undefined || b.currentPassword !== undefined, {
    path: ['currentPassword'],
    message: 'is required to change the password',
  })
  // The two refinements above, in the document's terms.
  .meta({ anyOf: [{ required: ['displayName'] }, { required: ['password'] }], dependentRequired: { password: ['currentPassword'] } } as Record<string, unknown>);
export type UpdateMeRequest = z.infer<typeof UpdateMeRequest>;

export const OkResponse = z.object({ ok: z.literal(true) });
