// What the api package needs from its host process, injected so tests and the app choose them.

/** A pino-compatible subset: structured fields first, message second. */
export interface Logger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** The time decisions are made at; injected so tests can pin it. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
