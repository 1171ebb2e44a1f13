// One switch between the embedded default (in-process) and Kafka (several signaling nodes).
import { InMemoryBus } from './inMemoryBus.ts';
import { KafkaBus } from './kafkaBus.ts';
import type { BusLogger } from './kafka/log.ts';
import type { Bus } from './port.ts';

export type BusConfig =
  | { kind: 'memory' }
  | {
      kind: 'kafka';
      brokers: readonly string[];
      clientId: string;
      nodeId: string;
      partitions?: number;
      replicationFactor?: number;
      topics?: readonly string[];
      logger?: BusLogger;
    };

/** A started bus: for Kafka, connected (and its configured topics created) before it returns. */
export async function createBus(config: BusConfig): Promise<Bus> {
  if (config.kind === 'memory') return new InMemoryBus();
  const { kind: _kind, ...options } = config;
  const bus = new KafkaBus(options);
  try {
    await bus.start();
  } catch (error) {
    await bus.close();
    throw error;
  }
  return bus;
}
