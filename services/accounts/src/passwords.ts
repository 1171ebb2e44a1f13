// Password hashing: argon2id with the OWASP minimum parameters (19 MiB, 2 passes, 1 lane).
// Passwords are only ever handed to these two functions; nothing logs them.
import { type Algorithm, hash, verify } from '@node-rs/argon2';

// `Algorithm` is an ambient const enum (not readable under isolatedModules): 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

export async function passwordMatches(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | null = null;
/**
 * Spends the time of one verification on nothing: an unknown username must take as long to refuse
 * as a wrong password, or the answer's timing tells which usernames exist.
 */
export async function burnVerification(password: string): Promise<void> {
  dummy ??= hashPassword('a password nobody has, to compare against');
  await passwordMatches(await dummy, password);
}
