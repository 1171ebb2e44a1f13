// `npm start`: the embedded default in one process. Ctrl-C (SIGINT) or SIGTERM stops the HTTP
// server, the timekeeper, the projectors, the store and the embedded PostgreSQL, in that order.
import { ConfigError, loadConfig } from './config.ts';
import { type RunningApp, startEmbeddedApp } from './embeddedApp.ts';
import { createLogger } from './logger.ts';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
const log = createLogger(config.LOG_LEVEL, config.BOOKTALK_NODE_ID);

// Handlers go in before anything starts: a Ctrl-C during start-up waits for it, then stops.
let starting: Promise<RunningApp | null> = Promise.resolve(null);
let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down');
  const app = await starting.catch(() => null);
  await app?.stop();
  log.info('stopped');
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

const start = startEmbeddedApp(config, log);
starting = start;
try {
  const app = await start;
  const keyNote = app.sessionKeyFile ? `session key kept in ${app.sessionKeyFile}` : 'session key from BOOKTALK_JWT_SECRET';
  log.info({ url: app.url, sessionKeyFile: app.sessionKeyFile }, `BookTalk is running at ${app.url} (Ctrl-C to stop); ${keyNote}`);
} catch (error) {
  log.fatal({ err: error }, `BookTalk could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
