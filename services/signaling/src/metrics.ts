// The node's Prometheus metrics, registered on the registry the host passes (the app's /metrics).
// Labels are bounded: event names, relay kinds and refusal codes, never a debate or account id.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface SignalingMetrics {
  refused: Counter<'reason'>;
  received: Counter<'event'>;
  relayLatency: Histogram<'kind'>;
  commandToPush: Histogram;
}

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export function createSignalingMetrics(
  registry: Registry,
  live: { connections: () => number; voiceRooms: () => number; voiceMembers: () => number },
): SignalingMetrics {
  const registers = [registry];
  new Gauge({
    name: 'booktalk_signaling_connected_sockets',
    help: 'Sockets connected to this signaling node',
    registers,
    collect() {
      this.set(live.connections());
    },
  });
  new Gauge({
    name: 'booktalk_signaling_voice_rooms',
    help: 'Debates with at least one voice member on this node',
    registers,
    collect() {
      this.set(live.voiceRooms());
    },
  });
  new Gauge({
    name: 'booktalk_signaling_voice_members',
    help: 'Voice room members on this node',
    registers,
    collect() {
      this.set(live.voiceMembers());
    },
  });
  return {
    refused: new Counter({
      name: 'booktalk_signaling_messages_refused_total',
      help: 'Client messages answered with an error (or dropped), by error code',
      labelNames: ['reason'],
      registers,
    }),
    received: new Counter({
      name: 'booktalk_signaling_messages_received_total',
      help: 'Client messages received, by event name (unknown names counted as "unknown")',
      labelNames: ['event'],
      registers,
    }),
    relayLatency: new Histogram({
      name: 'booktalk_signaling_relay_seconds',
      help: 'From a voice message arriving to its relay being handed to the adapter',
      labelNames: ['kind'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    commandToPush: new Histogram({
      name: 'booktalk_signaling_command_push_seconds',
      help: 'From a C_COMMAND accepted on this node to the first S_DEBATE_STATE push that includes it',
      buckets: LATENCY_BUCKETS,
      registers,
    }),
  };
}
