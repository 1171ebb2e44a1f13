// The session key without BOOKTALK_JWT_SECRET: made once, owner-only, reused on later starts.
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SESSION_KEY_FILE, sessionKey } from '../src/sessionKey.ts';

describe('the session key', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'booktalk-key-'));
    dirs.push(dir);
    return path.join(dir, 'data');
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('is made on the first start in the data dir with mode 0600, and the same key comes back on the next', () => {
    const dataDir = fresh();
    const first = sessionKey(undefined, dataDir);
    expect(first).toMatchObject({ file: path.join(dataDir, SESSION_KEY_FILE), created: true });
    expect(statSync(first.file!).mode & 0o777).toBe(0o600);
    expect(first.secret).toMatch(/^[0-9a-f]{64}$/);
    const second = sessionKey(undefined, dataDir);
    expect(second).toMatchObject({ secret: first.secret, created: false, tightened: false });
  });

  it('makes a key file that others can read owner-only again', () => {
    const dataDir = fresh();
    const { file, secret } = sessionKey(undefined, dataDir);
    chmodSync(file!, 0o644);
    expect(sessionKey(undefined, dataDir)).toMatchObject({ secret, tightened: true });
    expect(statSync(file!).mode & 0o777).toBe(0o600);
  });

  it('uses BOOKTALK_JWT_SECRET when set and writes nothing', () => {
    const dataDir = fresh();
    expect(sessionKey('configured-secret-0123456789abcdef', dataDir)).toEqual({ secret: 'configured-secret-0123456789abcdef', file: null, created: false, tightened: false });
    expect(() => statSync(path.join(dataDir, SESSION_KEY_FILE))).toThrow();
  });

  it('refuses a key file too short to sign with, and says what to do', () => {
    const dataDir = fresh();
    const { file } = sessionKey(undefined, dataDir);
    writeFileSync(file!, 'short\n');
    expect(() => sessionKey(undefined, dataDir)).toThrow(/holds a session key of 5 characters; it needs at least 32 \(delete the file/);
    expect(readFileSync(file!, 'utf8')).toBe('short\n');
  });
});
