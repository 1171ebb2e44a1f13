import { pino, type Logger } from 'pino';

export const createLogger = (level: string, node: string): Logger =>
  pino({ level, base: { node }, timestamp: pino.stdTimeFunctions.isoTime });
export type { Logger };
