// Every error status of the command API, each with proof that nothing was written.
import { randomUUID } from 'node:crypto';
import { debateStreamId } from '@booktalk/contracts';
import type { EventStore } from '@booktalk/eventstore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandHandler, createAuth, debateIdForCreate } from '../../src/index.ts';
import { type TestStore, createTestStore, postgres } from '../support/database.ts';
import { Client, type Reply, type TestServer, startServer } from '../support/testServer.ts';

type ErrorBody = { ok: false; error: { code: string; message: string; issues?: { path: (string | number)[]; message: string }[] } };

describe.skipIf(!postgres)('HTTP command API: errors write nothing', () => {
  let db: TestStore;
  let server: TestServer;
  let host: Client;
  let alice: Client;
  let debateId: string;

  /** All rows and the debate's stream length: both must be unchanged by a refused request. */
  const writes = async () => ({
    rows: await db.countEvents(),
    stream: (await db.store.readStream(debateStreamId(debateId))).length,
  });

  async function expectError(request: () => Promise<Reply>, status: number, code: string): Promise<ErrorBody> {
    const before = await writes();
    const reply = (await request()) as Reply<ErrorBody>;
    expect(reply.status, JSON.stringify(reply.body)).toBe(status);
    expect(reply.body.ok).toBe(false);
    expect(reply.body.error.code).toBe(code);
    expect(typeof reply.body.error.message).toBe('string');
    expect(await writes()).toEqual(before);
    return reply.body;
  }

  beforeAll(async () => {
    db = await createTestStore('api_errors');
    server = await startServer(db.store);
    host = await Client.session(server.baseUrl, 'Host');
    alice = await Client.session(server.baseUrl, 'Alice');
    debateId = (await host.createDebate()).body.debateId;
    await host.must(debateId, 'OpenDebate');
    await alice.must(debateId, 'JoinDebate', { role: 'speaker', side: 'pro' });
  });
  afterAll(async () => {
    await server?.close();
    await db?.cleanup();
  });

  describe('400', () => {
    it('lists the zod issues of an invalid create', async () => {
      const body = await expectError(() => host.createDebate({ title: 'x', format: 'parliament' }), 400, 'VALIDATION_FAILED');
      expect(body.error.issues!.map((i) => i.path)).toEqual(expect.arrayContaining([['title'], ['format']]));
    });
    it('lists the issues of invalid command data, under data', async () => {
      const body = await expectError(() => host.command(debateId, 'GrantTurn', { durationMs: 10 }), 400, 'VALIDATION_FAILED');
      expect(body.error.issues!.map((i) => i.path)).toContainEqual(['data', 'durationMs']);
    });
    it('refuses an unknown command type, and CreateDebate on the commands route', async () => {
      const unknown = await expectError(() => host.command(debateId, 'LaunchRocket'), 400, 'VALIDATION_FAILED');
      expect(unknown.error.issues![0]!.message).toMatch(/^Unknown command type "LaunchRocket"; expected one of: OpenDebate, /);
      const create = await expectError(() => host.command(debateId, 'CreateDebate', { title: 'Another one' }), 400, 'VALIDATION_FAILED');
      expect(create.error.issues![0]!.message).toContain('POST /api/debates');
    });
    it('needs a uuid commandId', async () => {
      await expectError(() => host.post(`/api/debates/${debateId}/commands`, { type: 'RaiseHand', data: {} }), 400, 'VALIDATION_FAILED');
      await expectError(() => host.command(debateId, 'RaiseHand', {}, 'not-a-uuid'), 400, 'VALIDATION_FAILED');
    });
    it('refuses a malformed debate id', async () => {
      await expectError(() => host.command('no spaces!', 'RaiseHand'), 400, 'VALIDATION_FAILED');
      for (const id of ['%', '%E0%A4%A', '%ZZ']) await expectError(() => host.command(id, 'RaiseHand'), 400, 'BAD_REQUEST');
    });
    it('says INVALID_JSON for a body that does not parse', async () => {
      await expectError(
        () => host.request(`POST`, `/api/debates/${debateId}/commands`, { body: '{"type": "RaiseHand",', headers: { 'content-type': 'application/json' } }),
        400,
        'INVALID_JSON',
      );
    });
    it('refuses a body with a __proto__ or constructor key, even where the schema would strip it', async () => {
      const body = `{"commandId":"${randomUUID()}","type":"PostMessage","data":{"kind":"chat","text":"hi","__proto__":{"admin":true}}}`;
      const refused = await expectError(
        () => host.request('POST', `/api/debates/${debateId}/commands`, { body, headers: { 'content-type': 'application/json' } }),
        400,
        'VALIDATION_FAILED',
      );
      expect(refused.error.issues).toEqual([{ path: ['data', '__proto__'], message: 'is not allowed' }]);
      await expectError(() => new Client(server.baseUrl).request('POST', '/api/session', { body: '{"displayName":"Ada","constructor":{}}', headers: { 'content-type': 'application/json' } }), 400, 'VALIDATION_FAILED');
    });
    it('says BAD_REQUEST for a body that does not decompress as its Content-Encoding says', async () => {
      for (const encoding of ['gzip', 'deflate', 'br']) {
        await expectError(
          () => host.request('POST', `/api/debates/${debateId}/commands`, { body: '{"type":"RaiseHand"}', headers: { 'content-type': 'application/json', 'content-encoding': encoding } }),
          400,
          'BAD_REQUEST',
        );
      }
    });
    it('checks the display name of a session', async () => {
      await expectError(() => new Client(server.baseUrl).post('/api/session', { displayName: '   ' }), 400, 'VALIDATION_FAILED');
      await expectError(() => new Client(server.baseUrl).post('/api/session', { displayName: 'x'.repeat(61) }), 400, 'VALIDATION_FAILED');
    });
  });

  describe('401', () => {
    it('without a token', async () => {
      await expectError(() => new Client(server.baseUrl).command(debateId, 'RaiseHand'), 401, 'UNAUTHENTICATED');
      await expectError(() => new Client(server.baseUrl).createDebate(), 401, 'UNAUTHENTICATED');
    });
    it('with a garbled, a foreign or an expired token', async () => {
      await expectError(() => new Client(server.baseUrl, 'garbage').command(debateId, 'RaiseHand'), 401, 'UNAUTHENTICATED');
      const foreign = await createAuth({ secret: 'another-secret-another-secret-another' }).issueSession('Mallory');
      await expectError(() => new Client(server.baseUrl, foreign.token).command(debateId, 'RaiseHand'), 401, 'UNAUTHENTICATED');
      const { TEST_SECRET } = await import('../support/testServer.ts');
      const expired = await createAuth({ secret: TEST_SECRET, ttlSeconds: -10 }).issueSession('Old');
      await expectError(() => new Client(server.baseUrl, expired.token).command(debateId, 'RaiseHand'), 401, 'UNAUTHENTICATED');
    });
  });

  describe('403', () => {
    it('for a non-moderator moderating, and for a client sending timer commands', async () => {
      await expectError(() => alice.command(debateId, 'StartDebate'), 403, 'NOT_MODERATOR');
      await expectError(() => host.command(debateId, 'ExpireTurn', { turnNo: 1 }), 403, 'SYSTEM_ONLY');
    });
  });

  describe('404', () => {
    it('for a command to a debate that does not exist, and its events', async () => {
      await expectError(() => alice.command('d000000000000000', 'JoinDebate', { role: 'audience' }), 404, 'DEBATE_NOT_FOUND');
      await expectError(() => alice.get('/api/debates/d000000000000000/events'), 404, 'DEBATE_NOT_FOUND');
    });
  });

  describe('409', () => {
    it('DEBATE_EXISTS when the derived id is taken by another command', async () => {
      const commandId = randomUUID();
      // Only possible when something other than POST /api/debates created that id.
      await server.handler.handle({
        debateId: debateIdForCreate(commandId),
        commandId: randomUUID(),
        command: { type: 'CreateDebate', data: { title: 'Taken', book: { title: 'B', author: 'A' }, motion: 'Motion', format: 'free', maxMembers: 50, turnSeconds: 60, presentationSeconds: 60, accountsOnly: false } },
        actor: { accountId: 'someone', displayName: 'Someone' },
      });
      await expectError(() => host.createDebate({}, commandId), 409, 'DEBATE_EXISTS');
    });

    it('CONCURRENCY_CONFLICT when every retry loses the race', async () => {
      // A rival writes to the stream right before each of our appends: a real conflict every time.
      const rival = new CommandHandler({ store: db.store, node: 'rival' });
      const store = db.store;
      const losing: EventStore = Object.create(store, {
        append: {
          value: async (...args: Parameters<EventStore['append']>) => {
            await rival.handle({ debateId, commandId: randomUUID(), command: { type: 'PostMessage', data: { kind: 'chat', text: 'first!' } }, actor: { accountId: alice.accountId!, displayName: 'Alice' } });
            return store.append(...args);
          },
        },
      });
      const racing = await startServer(losing, { maxRetries: 2 });
      try {
        const client = new Client(racing.baseUrl, host.token, host.accountId);
        const commandId = randomUUID();
        const reply = (await client.command(debateId, 'LockRoom', { reason: 'quiet' }, commandId)) as unknown as Reply<ErrorBody>;
        expect(reply.status).toBe(409);
        expect(reply.body.error.code).toBe('CONCURRENCY_CONFLICT');
        const stream = await store.readStream(debateStreamId(debateId));
        expect(stream.filter((e) => e.metadata.commandId === commandId)).toEqual([]);
        expect(stream.filter((e) => e.type === 'MessagePosted' && e.metadata.node === 'rival')).toHaveLength(3);
      } finally {
        await racing.close();
      }
    });
  });

  describe('413', () => {
    it('for a body over 1 MB', async () => {
      await expectError(() => alice.command(debateId, 'PostMessage', { kind: 'chat', text: 'x'.repeat(1_100_000) }), 413, 'PAYLOAD_TOO_LARGE');
    });
  });

  describe('422', () => {
    it('for other domain refusals, with their code', async () => {
      await expectError(() => alice.command(debateId, 'RaiseHand'), 422, 'DEBATE_NOT_LIVE');
      await expectError(() => alice.command(debateId, 'JoinDebate', { role: 'audience' }), 422, 'ALREADY_JOINED');
      await expectError(() => alice.command(debateId, 'CastVote', { voteId: 'nope', option: 'yes' }), 422, 'VOTE_NOT_FOUND');
    });
  });
});
