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
      if (level === logLevel.ERROR) logger.error(line, details);
      else if (level === logLevel.WARN) logger.warn(line, details);
      // INFO/DEBUG are dropped on purpose (the client is created at WARN anyway).
    };
}
