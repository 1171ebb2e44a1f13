import { describe, expect, it } from 'vitest';
import { accountsConfigFromEnv } from '../src/index.ts';

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
});
