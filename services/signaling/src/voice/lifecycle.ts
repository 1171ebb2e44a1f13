// The voice lifecycle written to the event store through the same CommandHandler as every
// command (these Record* commands are refused from clients). Join and leave use command ids
// derived from the peer id: two nodes closing the same session write one VoiceLeft.
import { type CommandHandler, type CommandResult, type Logger, deterministicUuid } from '@booktalk/api';
import type { DebateCommand } from '@booktalk/contracts';
import { isDomainError } from '@booktalk/domain';
import { randomUUID } from 'node:crypto';

export type VoiceLeftReason = 'left' | 'disconnected' | 'failed' | 'removed';
export interface Member {
  accountId: string;
  displayName: string;
}

export class VoiceLifecycle {
  constructor(
    private readonly handler: CommandHandler,
    private readonly nodeId: string,
    private readonly logger: Logger,
  ) {}

  /** Throws the domain's refusal (the join is then undone). */
  joined(debateId: string, member: Member, peerId: string): Promise<CommandResult> {
    return this.send(debateId, member, deterministicUuid(`voice-joined:${debateId}:${peerId}`), {
      type: 'RecordVoiceJoined',
      data: { peerId, node: this.nodeId },
    });
  }

  /** Never throws: a session already closed (by another node, or by a removal) is fine. Returns whether it wrote. */
  async left(debateId: string, member: Member, peerId: string, reason: VoiceLeftReason): Promise<boolean> {
    try {
      const result = await this.send(debateId, member, deterministicUuid(`voice-left:${debateId}:${peerId}`), {
        type: 'RecordVoiceLeft',
        data: { reason },
      });
      return !result.duplicate && result.events.length > 0;
    } catch (error) {
      if (isDomainError(error)) {
        this.logger.debug({ debateId, accountId: member.accountId, code: error.code }, 'voice session already closed');
      } else {
        this.logger.error({ err: error, debateId, accountId: member.accountId }, 'recording VoiceLeft failed');
      }
      return false;
    }
  }

  link(debateId: string, member: Member, data: Extract<DebateCommand, { type: 'RecordPeerLink' }>['data']): Promise<CommandResult> {
    return this.send(debateId, member, randomUUID(), { type: 'RecordPeerLink', data });
  }

  rejoinAttempt(debateId: string, member: Member, attempt: number): Promise<CommandResult> {
    return this.send(debateId, member, randomUUID(), { type: 'RecordRejoinAttempt', data: { attempt, gaveUp: false } });
  }

  /** The client's rejoins ran out: once per voice session (the command id derives from the peer id). */
  abandoned(debateId: string, member: Member, peerId: string, attempts: number): Promise<CommandResult> {
    return this.send(debateId, member, deterministicUuid(`voice-abandoned:${debateId}:${peerId}`), {
      type: 'RecordRejoinAttempt',
      data: { attempt: attempts, gaveUp: true },
    });
  }

  private send(debateId: string, member: Member, commandId: string, command: DebateCommand): Promise<CommandResult> {
    return this.handler.handle({
      debateId,
      commandId,
      command,
      actor: { accountId: member.accountId, displayName: member.displayName },
    });
  }
}
