// Identity ids. The prefix tells an account from a guest wherever only the id travels (a command
// naming a target, an event): `u_` accounts, `g_` guests; anything else is a demo identity from
// before accounts existed, treated as a guest.
import { randomBytes } from 'node:crypto';
import type { IdentityKind } from '@booktalk/contracts';

export const newAccountId = (): string => `u_${randomBytes(8).toString('hex')}`;
export const newGuestId = (): string => `g_${randomBytes(8).toString('hex')}`;
export const newSessionId = (): string => `s_${randomBytes(12).toString('hex')}`;

export const kindOfId = (accountId: string): IdentityKind => (accountId.startsWith('u_') ? 'account' : 'guest');
