// socket.io room names. Per-account and per-session rooms carry relays, takeover and revocation
// (they span nodes with a cluster adapter); per-debate rooms carry state and voice.
export const accountRoom = (accountId: string) => `account:${accountId}`;
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
/** Sockets subscribed to a debate's projected state. */
export const debateRoom = (debateId: string) => `debate:${debateId}`;
/** Sockets in a debate's voice room. */
export const voiceRoom = (debateId: string) => `voice:${debateId}`;
/** The one socket of an account in a debate's voice room: where relays to that account go. */
export const voiceMemberRoom = (debateId: string, accountId: string) => `voice:${debateId}:${accountId}`;
