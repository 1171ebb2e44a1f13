// kafkajs' log lines reach the injected logger at the right level: a topic still being created is
// a warning (it is retried), every other kafkajs error stays an error, INFO is dropped.
import { logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { kafkaLogCreator } from '../src/kafka/log.ts';

function capture() {
  const lines: [string, string][] = [];
  const log = kafkaLogCreator({ warn: (m) => void lines.push(['warn', m]), error: (m) => void lines.push(['error', m]) })(logLevel.WARN);
  const entry = (level: logLevel, message: string, extra: Record<string, unknown> = {}) =>
    log({ namespace: 'Connection', level, label: '', log: { timestamp: '', message, ...extra } });
  return { lines, entry };
}

describe('kafkaLogCreator', () => {
  it('logs a metadata answer for a topic in creation as a warning', () => {
    const { lines, entry } = capture();
    entry(logLevel.ERROR, 'Response Metadata(key: 3, version: 6)', { error: 'This server does not host this topic-partition' });
    entry(logLevel.ERROR, 'Response Metadata(key: 3, version: 6)', { error: 'There is no leader for this topic-partition as we are in the middle of a leadership election' });
    expect(lines).toEqual([
      ['warn', 'kafkajs Connection: Response Metadata(key: 3, version: 6)'],
      ['warn', 'kafkajs Connection: Response Metadata(key: 3, version: 6)'],
    ]);
  });

  it('keeps other errors as errors and drops INFO', () => {
    const { lines, entry } = capture();
    entry(logLevel.ERROR, 'Response Produce(key: 0, version: 7)', { error: 'This server does not host this topic-partition' });
    entry(logLevel.ERROR, 'Connection error: connect ECONNREFUSED');
    entry(logLevel.INFO, 'Consumer has joined the group');
    expect(lines.map(([level]) => level)).toEqual(['error', 'error']);
  });
});
