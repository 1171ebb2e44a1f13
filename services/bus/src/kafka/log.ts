// kafkajs logs a lot at INFO (joins, rebalances, reconnects). The bus is infrastructure under a
// service with its own logger, so only warnings and errors go through, to the injected logger.
import { logLevel, type logCreator } from 'kafkajs';

export interface BusLogger {
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

export const consoleBusLogger: BusLogger = {
  warn: (message, details) => console.warn(message, details ?? ''),
  error: (message, details) => console.error(message, details ?? ''),
};

/** The Kafka client's logLevel to pair with {@link kafkaLogCreator}. */
export const KAFKA_LOG_LEVEL = logLevel.WARN;

export function kafkaLogCreator(logger: BusLogger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const { message, ...details } = log;
      const line = `kafkajs ${namespace}: ${message}`;
      if (level === logLevel.ERROR && !isTopicInCreation(line, details)) logger.error(line, details);
      else if (level === logLevel.ERROR || level === logLevel.WARN) logger.warn(line, details);
      // INFO/DEBUG are dropped on purpose (the client is created at WARN anyway).
    };
}

// While a topic is being created (by this node or another), metadata answers say the broker does
// not host it yet, or that its leader is being elected. kafkajs' connection logs each at ERROR,
// but they are retried (by kafkajs and by waitForTopicLeaders) and say nothing is wrong, so they
// go out as warnings; only a wait that runs out is an error, and that one throws.
const TOPIC_IN_CREATION = ['This server does not host this topic-partition', 'There is no leader for this topic-partition'];
function isTopicInCreation(line: string, details: Record<string, unknown>): boolean {
  const error = typeof details.error === 'string' ? details.error : '';
  return line.includes('Response Metadata') && TOPIC_IN_CREATION.some((m) => error.startsWith(m));
}
