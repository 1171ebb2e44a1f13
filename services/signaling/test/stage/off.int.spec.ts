// Without an SFU configured (no JANUS_URL) the node stays mesh only: every stage request is
// refused with STAGE_OFF and nothing else changes.
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDebate } from '../support/debates.ts';
import { type Stack, connect, postgres, request, startStack } from '../support/stack.ts';

describe.skipIf(!postgres)('stage mode off (no SFU configured)', () => {
  let stack: Stack;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await stack?.close();
  });

  it('refuses a subscribe with STAGE_OFF', async () => {
    const host = { ...(await stack.session('Host')), displayName: 'Host' };
    const debateId = await openDebate(stack.first.handler, stack.pool, host, []);
    const socket = await connect(stack.first.url, host.token);
    sockets.push(socket);
    expect(await request(socket, 'C_STAGE_SUBSCRIBE', { debateId })).toMatchObject({ ok: false, error: { code: 'STAGE_OFF' } });
  });

  it('validates stage payloads before refusing (VALIDATION_FAILED for a bad JSEP)', async () => {
    const host = { ...(await stack.session('Host')), displayName: 'Host' };
    const socket = await connect(stack.first.url, host.token);
    sockets.push(socket);
    const reply = await request(socket, 'C_STAGE_PUBLISH', { debateId: '00000000-0000-4000-8000-000000000000', jsep: { type: 'answer', sdp: 'v=0' } });
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });
});
