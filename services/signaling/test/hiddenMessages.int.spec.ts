// Hidden means hidden on the socket too: after HideMessage, the pushes and snapshots a listener
// gets no longer carry the message, while the host's carry it marked hidden (issue 19, item 3).
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Person, openDebate, projected, send } from './support/debates.ts';
import { type Stack, connect, nextMessage, postgres, record, request, startStack, waitFor } from './support/stack.ts';

interface StateMessage {
  debateId: string;
  position: string;
  state: { messages: { messageId: string; text: string; hidden?: boolean }[] };
}

const SECRET_QUESTION = 'Emma asks something the moderator takes down';

describe.skipIf(!postgres)('hidden messages over the socket', () => {
  let stack: Stack;
  const sockets: Socket[] = [];
  const person = async (name: string): Promise<Person> => ({ ...(await stack.session(name)), displayName: name });
  const open = async (p: Person) => {
    const s = await connect(stack.first.url, p.token);
    sockets.push(s);
    return s;
  };

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await stack?.close();
  });

  it('pushes a listener the state without the hidden message and the host the state with it, marked hidden', async () => {
    const host = await person('Host');
    const emma = await person('Emma');
    const listener = await person('Listener');
    const debateId = await openDebate(stack.first.handler, stack.pool, host, []);
    for (const p of [emma, listener]) await send(stack.first.handler, debateId, p, { type: 'JoinDebate', data: { role: 'audience' } });

    const hostSocket = await open(host);
    const listenerSocket = await open(listener);
    const toHost = record<StateMessage>(hostSocket, 'S_DEBATE_STATE');
    const toListener = record<StateMessage>(listenerSocket, 'S_DEBATE_STATE');
    for (const s of [hostSocket, listenerSocket]) expect(await request(s, 'C_ROOM_SUBSCRIBE', { debateId })).toMatchObject({ ok: true });

    const posted = await send(stack.first.handler, debateId, emma, { type: 'PostMessage', data: { kind: 'question', text: SECRET_QUESTION } });
    const messageId = (posted.events[0]!.data as { messageId: string }).messageId;
    await waitFor(() => toListener.some((m) => BigInt(m.position) >= posted.position), 'the post pushed');
    // Before the hide everyone reads it (so the checks below can fail).
    expect(toListener.at(-1)!.state.messages.map((m) => m.text)).toContain(SECRET_QUESTION);

    const hidden = await send(stack.first.handler, debateId, host, { type: 'HideMessage', data: { messageId, reason: '' } });
    await waitFor(() => [toHost, toListener].every((list) => list.some((m) => BigInt(m.position) >= hidden.position)), 'the hide pushed');

    const listenerNow = toListener.at(-1)!.state;
    expect(JSON.stringify(listenerNow)).not.toContain(SECRET_QUESTION);
    expect(listenerNow.messages.find((m) => m.messageId === messageId)).toBeUndefined();
    expect(toHost.at(-1)!.state.messages.find((m) => m.messageId === messageId)).toMatchObject({ text: SECRET_QUESTION, hidden: true });

    // A later subscription's snapshot follows the same rule.
    await projected(stack.pool, debateId, hidden.position);
    const late = await open(listener);
    const lateHost = await open(host);
    const [lateSnapshot, lateHostSnapshot] = [nextMessage<StateMessage>(late, 'S_DEBATE_STATE'), nextMessage<StateMessage>(lateHost, 'S_DEBATE_STATE')];
    await request(late, 'C_ROOM_SUBSCRIBE', { debateId });
    await request(lateHost, 'C_ROOM_SUBSCRIBE', { debateId });
    expect(JSON.stringify((await lateSnapshot).state)).not.toContain(SECRET_QUESTION);
    expect((await lateHostSnapshot).state.messages.find((m) => m.messageId === messageId)).toMatchObject({ text: SECRET_QUESTION, hidden: true });
  });
});
