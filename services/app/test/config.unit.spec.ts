import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('configuration from the environment', () => {
  it('applies defaults, and treats empty values as unset', () => {
    const c = loadConfig({ PORT: '', BOOKTALK_CORS_ORIGINS: 'http://a.test, http://b.test' });
    expect(c).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', LOG_LEVEL: 'info', BOOKTALK_CORS_ORIGINS: ['http://a.test', 'http://b.test'] });
    expect(c.DATABASE_URL).toBeUndefined();
  });
  it('names every bad setting and the value it got', () => {
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', BOOKTALK_JWT_SECRET: 'short' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toContain('PORT');
      expect(message).toContain('"abc"');
      expect(message).toContain('DATABASE_URL: must be a postgres:// URL');
      expect(message).toContain('BOOKTALK_JWT_SECRET: must be at least 32 characters');
    }
  });
  it('refuses an access-token lifetime the web client cannot work with, before anything starts', () => {
    expect(() => loadConfig({ BOOKTALK_ACCESS_TOKEN_TTL: '30' })).toThrow(ConfigError);
    expect(() => loadConfig({ BOOKTALK_ACCESS_TOKEN_TTL: '30' })).toThrow(/BOOKTALK_ACCESS_TOKEN_TTL: must be at least 120 seconds.*\(got "30"\)/);
    expect(() => loadConfig({ BOOKTALK_ACCESS_TOKEN_TTL: '120' })).not.toThrow();
  });
});
