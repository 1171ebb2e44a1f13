// HTTP payloads of the accounts service: sign-up, sign-in, guest sessions, refresh, the profile.
// The server validates with these and the web app reads the same shapes.
import { z } from 'zod';
import { storableText } from '../storable.ts';

/** A handle (3–32 of letters, digits, `.`, `_`, `-`) or an e-mail address; unique ignoring case. */
export const Username = z
  .string()
  .trim()
  .min(3, 'must be at least 3 characters')
  .max(254, 'must be at most 254 characters')
  .refine((s) => /^[A-Za-z0-9._-]{3,32}$/.test(s) || z.email().safeParse(s).success, {
    message: 'must be 3-32 letters, digits, ".", "_" or "-", or an e-mail address',
  });

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;
/** Length is what makes a password strong (NIST SP 800-63B): no composition rules, a floor and a generous ceiling. */
export const Password = z
  .string()
  .min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `must be at most ${PASSWORD_MAX} characters`)
  .refine((s) => new Set(s).size > 2, { message: 'must not repeat one or two characters only' });

export const DisplayName = z.string().trim().pipe(storableText({ min: 1, max: 60 }));

export const SignUpRequest = z
  .object({ username: Username, displayName: DisplayName, password: Password })
  .refine((b) => b.password.toLowerCase() !== b.username.toLowerCase(), {
    path: ['password'],
    message: 'must not be the username',
  });
export type SignUpRequest = z.infer<typeof SignUpRequest>;

/** Sign-in takes whatever was typed: the rules above are for new passwords, not for checking old ones. */
export const SignInRequest = z.object({
  username: z.string().trim().min(1, 'is required').max(254, 'must be at most 254 characters'),
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
  });
export type UpdateMeRequest = z.infer<typeof UpdateMeRequest>;

export const OkResponse = z.object({ ok: z.literal(true) });
