// moderation_audit: one row per moderation action, plus turns a moderator cut short (the audit
// trail of docs/events.md). Append-only, keyed by position (plain INSERT: see writeRows `append`).
import { type DebateEvent, auditEventTypes, moderationEventTypes } from '@booktalk/contracts';
import { READ_SCHEMA } from '../../names.ts';
import { type TableSpec, writeRows } from '../../sql.ts';
import type { Projection } from '../../runner/projection.ts';

export const MODERATION_AUDIT = `${READ_SCHEMA}.moderation_audit`;

/** Actions as they appear in the audit: the moderation event types, `TurnEnded` and the answers to invitations. */
export const auditActions = auditEventTypes;
export type AuditAction = (typeof auditActions)[number];

interface AuditRow {
  position: bigint;
  debate_id: string;
  at: string;
  moderator_id: string;
  action: AuditAction;
  target_id: string | null;
  reason: string;
}

const spec: TableSpec<AuditRow> = {
  table: MODERATION_AUDIT,
  key: ['position'],
  columns: { position: 'bigint', debate_id: 'text', at: 'timestamptz', moderator_id: 'text', action: 'text', target_id: 'text', reason: 'text' },
};

const moderation = new Set<string>(moderationEventTypes);

function auditEntry(e: DebateEvent): Pick<AuditRow, 'moderator_id' | 'action' | 'target_id' | 'reason'> | null {
  if (e.type === 'TurnEnded') {
    return e.data.reason === 'moderator'
      ? { moderator_id: e.data.endedBy, action: 'TurnEnded', target_id: e.data.speaker, reason: '' }
      : null;
  }
  // The invited person's answer, under the moderator who invited them: what became of the invitation.
  if (e.type === 'InvitationAccepted' || e.type === 'InvitationDeclined') {
    return { moderator_id: e.data.invitedBy, action: e.type, target_id: e.data.accountId, reason: '' };
  }
  if (!moderation.has(e.type)) return null;
  const d = (e as Extract<DebateEvent, { data: { moderatorId: string } }>).data;
  return { moderator_id: d.moderatorId, action: e.type as AuditAction, target_id: d.targetId, reason: d.reason };
}

export const moderationAuditProjection: Projection = {
  name: 'moderation_audit',
  version: 1,
  tables: [MODERATION_AUDIT],
  ddl: `
    CREATE TABLE IF NOT EXISTS ${MODERATION_AUDIT} (
      position     bigint PRIMARY KEY,
      debate_id    text NOT NULL,
      at           timestamptz NOT NULL,
      moderator_id text NOT NULL,
      action       text NOT NULL,
      target_id    text,
      reason       text NOT NULL
    );
    CREATE INDEX IF NOT EXISTS moderation_audit_debate ON ${MODERATION_AUDIT} (debate_id, position);
    CREATE INDEX IF NOT EXISTS moderation_audit_moderator ON ${MODERATION_AUDIT} (moderator_id, position);
    CREATE INDEX IF NOT EXISTS moderation_audit_at ON ${MODERATION_AUDIT} (at);`,

  eventTypes: new Set(auditEventTypes),
  async apply(db, events) {
    const rows: AuditRow[] = [];
    for (const e of events) {
      const entry = auditEntry(e.event);
      if (entry) rows.push({ position: e.position, debate_id: e.debateId, at: e.at, ...entry });
    }
    await writeRows(db, spec, rows, 'append');
  },
};
