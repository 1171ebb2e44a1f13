// kafkajs restarts a crashed consumer only after retriable errors. After a broker restart it can
// crash on a non-retriable one ("Failed to find group coordinator") and stay down for good, and
// the node would miss every later message. This restarts it in that case: `run` (connect,
// subscribe, run) again after a second, and again until it works, unless `closed()` says stop.
import type { Consumer } from 'kafkajs';
import type { BusLogger } from './log.ts';

export function restartOnGiveUp(consumer: Consumer, run: () => Promise<void>, options: { what: string; logger: BusLogger; closed: () => boolean }): () => void {
  const { what, logger, closed } = options;
  let timer: NodeJS.Timeout | null = null;
  const restartLater = () => {
    if (closed() || timer) return;
    timer = setTimeout(() => {
      timer = null;
      run().then(
        () => logger.warn(`${what} restarted`),
        (error: unknown) => {
          logger.error(`${what} did not restart; retrying`, { error });
          restartLater();
        },
      );
    }, 1_000);
    timer.unref();
  };
  const off = consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) restartLater();
  });
  return () => {
    off();
    if (timer) clearTimeout(timer);
  };
}
