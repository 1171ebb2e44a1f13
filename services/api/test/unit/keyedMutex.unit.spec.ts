import { describe, expect, it } from 'vitest';
import { KeyedMutex } from '../../src/commandHandling/keyedMutex.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('KeyedMutex', () => {
  it('runs tasks of one key in order, other keys alongside, and survives a failing task', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const task = (name: string, fail = false) => async () => {
      log.push(`${name}>`);
      await tick();
      log.push(`<${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([mutex.run('x', task('x1', true)), mutex.run('x', task('x2')), mutex.run('y', task('y1'))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(log.indexOf('<x1')).toBeLessThan(log.indexOf('x2>'));
    expect(log.indexOf('y1>')).toBeLessThan(log.indexOf('<x1'));
  });
});
