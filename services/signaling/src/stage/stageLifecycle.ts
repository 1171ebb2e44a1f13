// The stage lifecycle written to the event store through the same CommandHandler as every command
// (the Record* commands are refused from clients). Never throws: a refused or failed record is
// logged, and the stage itself carries on.
import type { CommandHandler, Logger } from '@booktalk/api';
import type { DebateCommand } from '@booktalk/contracts';
import { SYSTEM_ACTOR } from '@booktalk/domain';
import { randomUUID } from 'node:crypto';

export interface StageMember {
  accountId: string;
  displayName: string;
}

type Reason<T extends DebateCommand['type']> = Extract<DebateCommand, { type: T }>['data'] extends { reason: infer R } ? R : never;

export class StageLifecycle {
  constructor(
    private readonly handler: CommandHandler,
    private readonly nodeId: string,
    private readonly logger: Logger,
  ) {}

  published(debateId: string, member: StageMember, feedId: number): Promise<void> {
    return this.record(debateId, member, { type: 'RecordStagePublished', data: { feedId, node: this.nodeId } });
  }

  unpublished(debateId: string, member: StageMember, feedId: number, reason: Reason<'RecordStageUnpublished'>): Promise<void> {
    return this.record(debateId, member, { type: 'RecordStageUnpublished', data: { feedId, reason } });
  }

  listening(debateId: string, member: StageMember): Promise<void> {
    return this.record(debateId, member, { type: 'RecordStageListening', data: { node: this.nodeId } });
  }

  stoppedListening(debateId: string, member: StageMember, reason: Reason<'RecordStageListenerLeft'>): Promise<void> {
    return this.record(debateId, member, { type: 'RecordStageListenerLeft', data: { reason } });
  }

  failed(debateId: string, op: string): Promise<void> {
    return this.record(debateId, SYSTEM_ACTOR, { type: 'RecordStageFailure', data: { node: this.nodeId, op } });
  }

  private async record(debateId: string, actor: StageMember | typeof SYSTEM_ACTOR, command: DebateCommand): Promise<void> {
    try {
      await this.handler.handle({ debateId, commandId: randomUUID(), command, actor });
    } catch (error) {
      this.logger.warn({ err: error, debateId, type: command.type }, 'stage: recording the lifecycle failed');
    }
  }
}
