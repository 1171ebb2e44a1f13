import { describe, expect, it } from 'vitest';
import { MIN_ACCESS_TTL_SECONDS, accountsConfigFromEnv } from '../src/index.ts';

describe('accountsConfigFromEnv', () => {
  it('reads admins and guest capabilities', () => {
    const c = accountsConfigFromEnv({ BOOKTALK_ADMINS: 'Root, ada ', BOOKTALK_GUESTS_MAY: 'vote' });
    expect(c.admins).toEqual(['Root', 'ada']);
    expect([...c.guestsMay]).toEqual(['vote']);
    expect(c.accessTtlSeconds).toBe(900);
  });

  it('defaults to no admins and guests that only listen and chat', () => {
    const c = accountsConfigFromEnv({});
    expect(c.admins).toEqual([]);
    expect(c.guestsMay.size).toBe(0);
  });

  it('names the bad variable', () => {
    expect(() => accountsConfigFromEnv({ BOOKTALK_GUESTS_MAY: 'sing' })).toThrow(/BOOKTALK_GUESTS_MAY: unknown capability "sing"/);
    expect(() => accountsConfigFromEnv({ BOOKTALK_ACCESS_TOKEN_TTL: '5' })).toThrow(/BOOKTALK_ACCESS_TOKEN_TTL/);
  });

  it('refuses an access-token lifetime the web client cannot refresh in time, and says why', () => {
    // Issue 19: 30 s was accepted and the page sent 125 refreshes in 5 s.
    for (const ttl of ['30', '60', '119']) {
      expect(() => accountsConfigFromEnv({ BOOKTALK_ACCESS_TOKEN_TTL: ttl })).toThrow(
        new RegExp(`BOOKTALK_ACCESS_TOKEN_TTL: must be at least ${MIN_ACCESS_TTL_SECONDS} seconds: the web client refreshes at a fraction of the lifetime.*\\(got "${ttl}"\\)`),
      );
    }
    expect(accountsConfigFromEnv({ BOOKTALK_ACCESS_TOKEN_TTL: '120' }).accessTtlSeconds).toBe(120);
    expect(() => accountsConfigFromEnv({ BOOKTALK_ACCESS_TOKEN_TTL: '86401' })).toThrow(/at most 86400 seconds/);
  });
});
