// The key that signs session tokens when BOOKTALK_JWT_SECRET is not set: made on the first start
// and kept in the data directory (owner-only), so a restart keeps everyone signed in. A key that
// changed with every process ended every session on each restart, silently (issue 19, item 4).
import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const SESSION_KEY_FILE = 'session-key';
/** The key is 32 random bytes as hex: 64 characters, over the 32 BOOKTALK_JWT_SECRET needs. */
const KEY_BYTES = 32;
const MIN_LENGTH = 32;

export interface SessionKey {
  secret: string;
  /** Where it is kept; null when it came from BOOKTALK_JWT_SECRET. */
  file: string | null;
  /** True when this start made it. */
  created: boolean;
  /** True when the file was readable by others and was made owner-only again. */
  tightened: boolean;
}

/**
 * BOOKTALK_JWT_SECRET when set; else the key in `<dataDir>/session-key`, made with mode 0600 when
 * missing. Two processes starting together on a fresh dir agree: the loser of the link reads the
 * winner's key.
 */
export function sessionKey(configured: string | undefined, dataDir: string): SessionKey {
  if (configured) return { secret: configured, file: null, created: false, tightened: false };
  const file = path.join(dataDir, SESSION_KEY_FILE);
  mkdirSync(dataDir, { recursive: true });
  let created = false;
  // Written whole under a private name, then linked into place: link() fails when the file
  // exists, so a process that starts at the same moment never reads a half-written key.
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, `${randomBytes(KEY_BYTES).toString('hex')}\n`, { mode: 0o600 });
  try {
    linkSync(draft, file);
    created = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(draft, { force: true });
  }
  // The mode given to writeFileSync passes through the umask; an existing file may have been
  // copied with looser permissions. Either way the key ends up readable by its owner only.
  const tightened = !created && (statSync(file).mode & 0o077) !== 0;
  chmodSync(file, 0o600);
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < MIN_LENGTH) {
    throw new Error(`${file} holds a session key of ${secret.length} characters; it needs at least ${MIN_LENGTH} (delete the file to make a new one: everyone is signed out)`);
  }
  return { secret, file, created, tightened };
}
