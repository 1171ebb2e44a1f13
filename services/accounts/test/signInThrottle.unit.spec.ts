// The sign-in throttle: a hard limit per (username, address) and per address, only a backoff per
// username across addresses, so nobody can lock an account's owner out.
import { describe, expect, it } from 'vitest';
import { SignInThrottle } from '../src/signInThrottle.ts';

const setup = () => {
  let now = 1_000_000;
  const throttle = new SignInThrottle(
    {
      perAccountAddress: { limit: 3, windowMs: 60_000 },
      perAddress: { limit: 5, windowMs: 60_000 },
      perAccount: { free: 4, windowMs: 60_000, baseMs: 1_000, maxMs: 8_000 },
    },
    () => now,
  );
  return { throttle, later: (ms: number) => (now += ms) };
};

describe('SignInThrottle', () => {
  it('given three failures for a username from one address, when that address tries again, then it is refused until the window slides', () => {
    const { throttle, later } = setup();
    for (let i = 0; i < 3; i++) throttle.failed('ada', '10.0.0.1');
    expect(throttle.check('ada', '10.0.0.1')).toEqual({ allowed: false, retryAfterMs: 60_000 });
    later(60_001);
    expect(throttle.check('ada', '10.0.0.1').allowed).toBe(true);
  });

  it('given a username locked for one address, when its owner tries from another, then they may', () => {
    const { throttle } = setup();
    for (let i = 0; i < 3; i++) throttle.failed('ada', '10.0.0.1');
    expect(throttle.check('ada', '10.0.0.2')).toEqual({ allowed: true, retryAfterMs: 0 });
  });

  it('given an address spraying usernames, when it reaches the address limit, then every username is refused to it', () => {
    const { throttle } = setup();
    for (const name of ['a', 'b', 'c', 'd', 'e']) throttle.failed(name, '10.0.0.9');
    expect(throttle.check('f', '10.0.0.9').allowed).toBe(false);
    expect(throttle.check('f', '10.0.0.8').allowed).toBe(true);
  });

  it('given failures for one username from many addresses, then attempts wait a doubling delay after the last failure, capped, never a lockout', () => {
    const { throttle, later } = setup();
    for (let i = 0; i < 4; i++) throttle.failed('ada', `10.1.0.${i}`);
    // Four failures are free; the fifth starts the backoff.
    expect(throttle.check('ada', '10.2.0.1').allowed).toBe(true);
    throttle.failed('ada', '10.1.0.4');
    expect(throttle.check('ada', '10.2.0.1')).toEqual({ allowed: false, retryAfterMs: 1_000 });
    later(1_000);
    expect(throttle.check('ada', '10.2.0.1').allowed).toBe(true);
    for (let i = 5; i < 12; i++) throttle.failed('ada', `10.1.0.${i}`);
    expect(throttle.check('ada', '10.2.0.1')).toEqual({ allowed: false, retryAfterMs: 8_000 });
    later(8_000);
    expect(throttle.check('ada', '10.2.0.1').allowed).toBe(true);
  });

  it('given the owner signs in, then their address and the username start afresh', () => {
    const { throttle } = setup();
    for (let i = 0; i < 2; i++) throttle.failed('ada', '10.0.0.1');
    for (let i = 0; i < 6; i++) throttle.failed('ada', `10.1.0.${i}`);
    throttle.succeeded('ada', '10.0.0.1');
    throttle.failed('ada', '10.0.0.1');
    expect(throttle.check('ada', '10.0.0.1').allowed).toBe(true);
  });
});
