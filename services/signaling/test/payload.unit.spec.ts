// The checks every payload passes before its schema: pollution keys, depth, binary.
import { describe, expect, it } from 'vitest';
import { payloadProblem, payloadSize } from '../src/payload.ts';

describe('payloadProblem', () => {
  it('accepts plain JSON values', () => {
    expect(payloadProblem({ debateId: 'd1', list: [1, 'two', { three: null }] })).toBeNull();
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the key %s at any depth', (key) => {
    expect(payloadProblem(JSON.parse(`{"a":{"b":[{"${key}":{}}]}}`))).toContain(key);
  });

  it('refuses nesting deeper than 32 levels', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = { d: deep };
    expect(payloadProblem(deep)).toMatch(/deeper/);
  });

  it('refuses binary attachments', () => {
    expect(payloadProblem({ blob: Buffer.from('x') })).toMatch(/Binary/);
  });
});

describe('payloadSize', () => {
  it('is the JSON length of the arguments, binary by its byte length', () => {
    expect(payloadSize([{ a: 'xyz' }])).toBe(JSON.stringify({ a: 'xyz' }).length);
    expect(payloadSize([Buffer.alloc(100)])).toBe(100);
  });
});
