// Kafka for tests. Resolution (cached per process): KAFKA_BROKERS env → infra/.run/env
// (npm run services:up) → testcontainers when a Docker engine is reachable → unavailable.
// No auto-start here: the JVM broker takes seconds and needs Java + Maven jars.
import { canConnect, dockerAvailable, readRunEnv } from './locate.ts';
import type { ServiceUnavailable } from './service.ts';

export type KafkaForTests = { available: true; brokers: string[] } | ServiceUnavailable;

const HOW = 'run `npm run services:up` (needs Java 17 + maven)';

async function firstReachable(brokers: string[]): Promise<boolean> {
  for (const b of brokers) {
    const i = b.lastIndexOf(':');
    if (await canConnect({ host: b.slice(0, i), port: Number(b.slice(i + 1)) })) return true;
  }
  return false;
}

const split = (s: string) => s.split(',').map((b) => b.trim()).filter(Boolean);

async function resolveKafka(): Promise<KafkaForTests> {
  const fromEnv = process.env.KAFKA_BROKERS;
  if (fromEnv) {
    const brokers = split(fromEnv);
    return (await firstReachable(brokers))
      ? { available: true, brokers }
      : { available: false, reason: `Kafka at KAFKA_BROKERS=${fromEnv} not reachable; ${HOW}` };
  }
  const fromFile = readRunEnv().KAFKA_BROKERS;
  if (fromFile && (await firstReachable(split(fromFile)))) return { available: true, brokers: split(fromFile) };

  if (await dockerAvailable()) {
    try {
      const { KafkaContainer } = await import('@testcontainers/kafka');
      const c = await new KafkaContainer('confluentinc/cp-kafka:7.9.0').withKraft().start();
      return { available: true, brokers: [`${c.getHost()}:${c.getMappedPort(9093)}`] };
    } catch (e) {
      return { available: false, reason: `Kafka via testcontainers failed: ${e instanceof Error ? e.message : String(e)}; or ${HOW}` };
    }
  }
  return {
    available: false,
    reason: `Kafka: no broker (${fromFile ? `${fromFile} from infra/.run/env is down` : 'KAFKA_BROKERS unset'}, no Docker engine); ${HOW}`,
  };
}

let cached: Promise<KafkaForTests> | undefined;
/** A reachable Kafka bootstrap list or why there is none. Cached per process. */
export function kafkaForTests(): Promise<KafkaForTests> {
  cached ??= resolveKafka();
  return cached;
}
