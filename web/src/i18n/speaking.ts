// Messages of asking to speak, invitations and floor control (spread into en.ts and ko.ts; the
// Korean object is typed against the English one, so a missing key is a compile error).
export const speakingEn = {
  speak: {
    ask: 'Ask to speak',
    cancel: 'Cancel your request',
    asked: 'You asked to speak. A moderator will answer.',
    accountNeeded: 'Sign in with an account to ask to speak.',
    requests: 'Asking to speak',
    asks: 'asks to speak',
    invite: 'Invite to speak',
    inviteSide: 'Invite to speak ({side})',
    dismiss: 'Dismiss',
    invitedWaiting: 'Invited, waiting for an answer',
    withdraw: 'Withdraw',
    invitation: '{name} invites you to speak',
    invitationSide: '{name} invites you to speak for the {side} side',
    /** The inviting moderator is not in the room (a host need not join it): no name to give. */
    invitationAnon: 'A moderator invites you to speak',
    invitationAnonSide: 'A moderator invites you to speak for the {side} side',
    micAsked: 'When you accept, your browser asks to use your microphone.',
    accept: 'Accept',
    decline: 'Decline',
    micBlocked: 'Your microphone could not be opened. Allow it in your browser and accept again, or decline.',
  },
  floor: {
    /** The setting's name, on the create form and the moderator's switch. */
    onlyHolder: 'Only the speaker with the floor is heard',
    hint: 'Moderators are always heard; between turns only they are. It applies once the debate has started.',
    createHint: 'on by default for Oxford debates',
    /** Shown to a speaker whose microphone floor control holds off. */
    micOff: 'Your microphone is off: only the speaker with the floor is heard.',
  },
};
export type SpeakingMessages = typeof speakingEn;

export const speakingKo: SpeakingMessages = {
  speak: {
    ask: '발언 요청',
    cancel: '발언 요청 취소',
    asked: '발언을 요청했습니다. 사회자가 답할 때까지 기다려 주세요.',
    accountNeeded: '발언을 요청하려면 계정으로 로그인하세요.',
    requests: '발언 요청',
    asks: '발언 요청 중',
    invite: '발언자로 초대',
    inviteSide: '발언자로 초대 ({side})',
    dismiss: '요청 거절',
    invitedWaiting: '초대함, 답을 기다리는 중',
    withdraw: '초대 취소',
    invitation: '{name} 님이 발언자로 초대했습니다',
    invitationSide: '{name} 님이 {side} 쪽 발언자로 초대했습니다',
    invitationAnon: '사회자가 발언자로 초대했습니다',
    invitationAnonSide: '사회자가 {side} 쪽 발언자로 초대했습니다',
    micAsked: '수락하면 브라우저가 마이크 사용 허락을 묻습니다.',
    accept: '수락',
    decline: '거절',
    micBlocked: '마이크를 열 수 없습니다. 브라우저에서 마이크를 허용한 뒤 다시 수락하거나 거절해 주세요.',
  },
  floor: {
    onlyHolder: '발언권을 가진 사람만 들립니다',
    hint: '사회자는 언제나 들립니다. 발언과 발언 사이에는 사회자만 들립니다. 토론이 시작된 뒤부터 적용됩니다.',
    createHint: '옥스퍼드식 토론에서는 기본으로 켜집니다',
    micOff: '마이크가 꺼져 있습니다: 발언권을 가진 사람만 들립니다.',
  },
};
