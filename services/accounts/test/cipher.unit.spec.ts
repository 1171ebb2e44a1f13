import { describe, expect, it } from 'vitest';
import { newDataKey, open, seal } from '../src/erasure/cipher.ts';
import { redact } from '../src/erasure/personalData.ts';

describe('sealed personal fields', () => {
  it('opens with its key and event type', () => {
    const key = newDataKey();
    expect(open(key, 'MessagePosted', seal(key, 'MessagePosted', '{"text":"hi"}'))).toBe('{"text":"hi"}');
  });

  it('does not open with another key', () => {
    expect(() => open(newDataKey(), 'MessagePosted', seal(newDataKey(), 'MessagePosted', 'x'))).toThrow();
  });

  it('does not open as another event type', () => {
    const key = newDataKey();
    expect(() => open(key, 'ParticipantJoined', seal(key, 'MessagePosted', 'x'))).toThrow();
  });

  it('redacts the v1 and v2 spellings of a display name, and nothing else', () => {
    expect(redact('ParticipantJoined', { accountId: 'u_1', name: 'Ada', role: 'speaker' })).toEqual({ accountId: 'u_1', name: 'deleted user', role: 'speaker' });
    expect(redact('ParticipantJoined', { accountId: 'u_1', displayName: 'Ada' })).toEqual({ accountId: 'u_1', displayName: 'deleted user' });
  });
});
