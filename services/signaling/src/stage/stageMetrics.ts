// Stage mode's Prometheus metrics on the node's registry. Labels are bounded: SFU operation names
// and moderation actions, never a debate, account or feed id.
import { Counter, Gauge, type Registry } from 'prom-client';

export interface StageMetrics {
  sfuErrors: Counter<'op'>;
  moderation: Counter<'action'>;
  refusedPublish: Counter;
}

export function createStageMetrics(
  registry: Registry,
  live: { listeners: () => number; feeds: () => number; rooms: () => number; connected: () => boolean },
): StageMetrics {
  const registers = [registry];
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(read());
      },
    });
  gauge('booktalk_stage_listeners', 'Listener (subscriber) legs this node holds on the SFU', live.listeners);
  gauge('booktalk_stage_feeds', 'Speaker feeds published to the SFU through this node', live.feeds);
  gauge('booktalk_stage_rooms', 'Debates with stage legs on this node', live.rooms);
  gauge('booktalk_stage_sfu_up', '1 while this node holds a live SFU session', () => (live.connected() ? 1 : 0));
  return {
    sfuErrors: new Counter({ name: 'booktalk_stage_sfu_errors_total', help: 'SFU requests that failed, by operation', labelNames: ['op'], registers }),
    moderation: new Counter({
      name: 'booktalk_stage_moderation_total',
      help: 'Moderation carried out at the SFU (mute, unmute, kick)',
      labelNames: ['action'],
      registers,
    }),
    refusedPublish: new Counter({ name: 'booktalk_stage_publish_refused_total', help: 'Publish requests refused by the node (not a speaker, muted, removed)', registers }),
  };
}
