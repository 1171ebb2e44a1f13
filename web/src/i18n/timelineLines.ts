// The replay timeline in the reader's language. The server projects an English summary for API
// users and, beside it, the line's fields with names resolved (`values`:
// services/projector/src/projections/timeline/values.ts). English pages show the summary; other
// languages word the line here from the event type and those fields. A line with no template
// (an event newer than this page) falls back to the summary. web/test/i18n.timeline.unit.spec.ts
// checks every event type has a template.
import type { DebateEventType } from '@booktalk/contracts';

type Values = Record<string, string | number>;

const ko: Record<DebateEventType | 'MessagePostedHidden', string> = {
  DebateScheduled: '{hostId} 님이 「{title}」 토론을 열었습니다: {book_author}의 『{book_title}』 ({format})',
  DebateOpened: '{by} 님이 방을 열었습니다',
  DebateStarted: '{by} 님이 토론을 시작했습니다',
  RoundStarted: '{round} 라운드가 시작되었습니다{orderText}',
  PresentationUpdated: '{accountId} 님이 발표 자료를 고쳤습니다 (쪽 언급 {pageRefsCount}개)',
  DebateEnded: '{by} 님이 토론을 마쳤습니다',
  ParticipantJoined: '{displayName} 님이 {role}(으)로 참여했습니다{sideText}',
  ParticipantLeft: '{accountId} 님이 {reason}',
  TurnRequested: '{accountId} 님이 손을 들었습니다',
  TurnRequestWithdrawn: '{accountId} 님이 손을 내렸습니다',
  TurnGranted: '{speaker} 님이 {durationSeconds}초 동안 발언권을 얻었습니다 ({kind})',
  TurnWarningIssued: '{speaker} 님: {remainingSeconds}초 남음',
  TurnExtended: '{extendedBy} 님이 {speaker} 님에게 {bySeconds}초를 더 주었습니다',
  TurnEnded: '{speaker} 님의 발언이 끝났습니다: {reason} ({spokeSeconds}초{overtimeText})',
  VoteOpened: '{openedBy} 님이 {kind} 투표를 열었습니다: {question}',
  VoteCast: '{accountId} 님이 투표했습니다',
  VoteChanged: '{accountId} 님이 투표를 바꿨습니다',
  VoteClosed: '{closedBy} 님이 투표를 마감했습니다: {tallies}',
  ParticipantMuted: '{moderatorId} 님이 {targetId} 님을 음소거했습니다{because}',
  ParticipantUnmuted: '{moderatorId} 님이 {targetId} 님의 음소거를 풀었습니다{because}',
  ParticipantRemoved: '{moderatorId} 님이 {targetId} 님을 내보냈습니다{because}',
  SpeakerPromoted: '{moderatorId} 님이 {targetId} 님을 발언자로 지정했습니다{sideText}{because}',
  SpeakerDemoted: '{moderatorId} 님이 {targetId} 님을 청중으로 옮겼습니다{because}',
  ModeratorAssigned: '{moderatorId} 님이 {targetId} 님을 사회자로 지정했습니다{because}',
  ModeratorRevoked: '{moderatorId} 님이 {targetId} 님의 사회자 역할을 거두었습니다{because}',
  RoomLocked: '{moderatorId} 님이 방을 잠갔습니다{because}',
  RoomUnlocked: '{moderatorId} 님이 방 잠금을 풀었습니다{because}',
  RoomAccessChanged: '{moderatorId} 님이 {accessText}{because}',
  MessageHidden: '{moderatorId} 님이 {targetId} 님의 메시지를 숨겼습니다{because}',
  MessagePosted: '{authorId} 님의 {kind}: {text}',
  MessagePostedHidden: '{authorId} 님의 {kind} (사회자가 숨김)',
  QuestionAnswered: '{answeredBy} 님이 질문을 답변 완료로 표시했습니다',
  SpeakerInvited: '{moderatorId} 님이 {targetId} 님을 발언자로 초대했습니다{sideText}{because}',
  SpeakRequestDismissed: '{moderatorId} 님이 {targetId} 님의 발언 요청을 넘겼습니다{because}',
  InvitationAccepted: '{accountId} 님이 {invitedBy} 님의 발언 초대를 받아들였습니다{sideText}',
  InvitationDeclined: '{accountId} 님이 {invitedBy} 님의 발언 초대를 사양했습니다',
  FloorControlChanged: '{moderatorId} 님이 {floorText}{because}',
  VoiceJoined: '{accountId} 님이 음성에 들어왔습니다',
  VoiceLeft: '{accountId} 님이 음성에서 나갔습니다 ({reason})',
  PeerLinkEstablished: '{a} ↔ {b} 음성 연결 ({connectMs} ms)',
  PeerLinkFailed: '{a} ↔ {b} 음성 연결 실패 (시도 {attempt})',
  VoiceRejoinAttempted: '{accountId} 님이 음성에 다시 연결하는 중 (시도 {attempt})',
  VoiceRejoinAbandoned: '{accountId} 님이 {attempts}번 시도한 뒤 음성 재연결을 멈췄습니다',
  StagePublished: '{accountId} 님이 무대에 올랐습니다',
  StageUnpublished: '{accountId} 님이 무대에서 내려왔습니다 ({reason})',
  StageListenerSubscribed: '{accountId} 님이 무대로 듣습니다',
  StageListenerLeft: '{accountId} 님이 무대 듣기를 멈췄습니다 ({reason})',
  StageSfuFailed: '무대 음성 서버에 문제가 생겼습니다',
};

/** Enumerated values in Korean, by event type and field (or by field for every type). */
const koEnums: Record<string, Record<string, string>> = {
  side: { pro: '찬성', con: '반대', undecided: '미정' },
  role: { moderator: '사회자', speaker: '발언자', audience: '청중' },
  format: { oxford: '옥스퍼드식', free: '자유 토론' },
  round: { PREPARATION: '준비', PRESENTATION: '발표', FREE: '자유 발언' },
  'TurnGranted.kind': { presentation: '발표', open: '자유 발언' },
  'VoteOpened.kind': { pre: '사전', post: '사후', poll: '일반' },
  'MessagePosted.kind': { chat: '메시지', question: '질문', notice: '공지' },
  'MessagePostedHidden.kind': { chat: '메시지', question: '질문', notice: '공지' },
  'TurnEnded.reason': { yielded: '발언권을 넘김', expired: '시간이 다 됨', moderator: '사회자가 멈춤', left: '자리를 뜸' },
  'ParticipantLeft.reason': { left: '나갔습니다', disconnected: '연결이 끊겼습니다' },
  'VoiceLeft.reason': { left: '나감', disconnected: '연결 끊김', failed: '연결 실패', removed: '내보내짐', ended: '토론 종료' },
  'StageUnpublished.reason': { left: '나감', kicked: '사회자가 내림', disconnected: '연결 끊김', sfu_lost: '음성 서버 끊김' },
  'StageListenerLeft.reason': { left: '나감', disconnected: '연결 끊김', sfu_lost: '음성 서버 끊김' },
};

/** Phrases built from several fields (free-text reasons, optional sides, switches). */
function derived(type: string, v: Values): Values {
  const side = v.side ? koEnums.side![String(v.side)] : undefined;
  const reason = typeof v.reason === 'string' && !koEnums[`${type}.reason`] ? v.reason : '';
  return {
    because: reason ? ` (${reason})` : '',
    sideText: side ? ` (${side})` : '',
    orderText: v.order ? `: ${v.order} 순서` : '',
    overtimeText: Number(v.overtimeMs ?? 0) > 0 ? `, ${v.overtimeSeconds}초 초과` : '',
    accessText: v.accountsOnly === 'true' ? '방을 계정 전용으로 바꿨습니다 (게스트 불가)' : '방을 게스트에게도 열었습니다',
    floorText: v.floorControl === 'true' ? '발언권 제어를 켰습니다 (발언권을 가진 사람만 들림)' : '발언권 제어를 껐습니다',
  };
}

export interface TimelineLineItem {
  type: string;
  summary: string;
  values?: Values | undefined;
}

/** The line in `locale`: the server's summary in English, a template elsewhere. */
export function lineText(item: TimelineLineItem, locale: string): string {
  if (locale === 'en' || !item.values) return item.summary;
  const key = item.type === 'MessagePosted' && !('text' in item.values) ? 'MessagePostedHidden' : item.type;
  const template = (ko as Record<string, string>)[key];
  if (!template) return item.summary;
  const values: Values = { ...item.values, ...derived(item.type, item.values) };
  return template.replace(/\{(\w+)\}/g, (_, field: string) => {
    const value = values[field];
    if (value === undefined) return '';
    const words = koEnums[`${key}.${field}`] ?? koEnums[field];
    return words?.[String(value)] ?? String(value);
  });
}

export const timelineTemplateTypes = (): string[] => Object.keys(ko);
