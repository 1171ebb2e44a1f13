// A finished oxford debate played through the HTTP API, for the replay / audit / analytics e2e
// test and their screenshots: presentations on both sides, open-floor turns on both sides, a
// moderator's mute, and a pre and a post vote whose swing goes to the pro side.
import { randomUUID } from 'node:crypto';

export interface Person {
  token: string;
  accountId: string;
  displayName: string;
  kind: 'guest' | 'account';
}
export interface ScriptedDebate {
  debateId: string;
  people: Record<'host' | 'pro' | 'con' | 'voterA' | 'voterB' | 'guest', Person>;
}

/**
 * `paceMs` > 0 lets turns last a while (k × paceMs) for realistic screenshots; the e2e test plays
 * the script flat out (0) and reads whatever the server measured.
 */
export async function scriptDebate(base: string, { paceMs = 0 } = {}): Promise<ScriptedDebate> {
  const hold = (k: number) => (paceMs > 0 ? new Promise((r) => setTimeout(r, k * paceMs)) : undefined);
  const call = async (path: string, token: string | null, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const suffix = randomUUID().slice(0, 6);
  const person = (j: Record<string, unknown>): Person => ({ token: String(j.token), accountId: String(j.accountId), displayName: String(j.displayName), kind: j.kind === 'guest' ? 'guest' : 'account' });
  const account = async (username: string, displayName: string) =>
    person(await call('/api/accounts', null, { username: `${username}-${suffix}`, displayName, password: `scripted password ${suffix}` }));
  const people = {
    host: await account('mina', 'Mina'),
    pro: await account('jaewon', 'Jae-won'),
    con: await account('ada', 'Ada'),
    voterA: await account('sora', 'Sora'),
    voterB: await account('hyun', 'Hyun'),
    guest: person(await call('/api/session', null, { displayName: 'Guest Kim' })),
  };
  const { debateId } = (await call('/api/debates', people.host.token, {
    commandId: randomUUID(),
    title: 'Does Kim Jiyoung, Born 1982 still speak for today?',
    book: { title: 'Kim Jiyoung, Born 1982', author: 'Cho Nam-joo' },
    motion: 'This house believes the novel’s argument still holds a decade on',
    format: 'oxford',
    turnSeconds: 90,
    presentationSeconds: 120,
  })) as { debateId: string };
  const cmd = (who: keyof typeof people, type: string, data: unknown = {}) =>
    call(`/api/debates/${debateId}/commands`, people[who].token, { commandId: randomUUID(), type, data });

  await cmd('host', 'OpenDebate');
  await cmd('pro', 'JoinDebate', { role: 'speaker', side: 'pro' });
  await cmd('con', 'JoinDebate', { role: 'speaker', side: 'con' });
  await cmd('voterA', 'JoinDebate', { role: 'audience' });
  await cmd('voterB', 'JoinDebate', { role: 'audience' });
  // Before: 1 for, 2 against, 1 undecided.
  await cmd('host', 'OpenVote', { voteId: 'pre', question: 'Before we start: does the argument still hold?', options: ['for', 'against', 'undecided'], sides: ['pro', 'con', 'undecided'], kind: 'pre' });
  await cmd('pro', 'CastVote', { voteId: 'pre', option: 'for' });
  await cmd('con', 'CastVote', { voteId: 'pre', option: 'against' });
  await cmd('voterA', 'CastVote', { voteId: 'pre', option: 'against' });
  await cmd('voterB', 'CastVote', { voteId: 'pre', option: 'undecided' });
  await cmd('host', 'CloseVote', { voteId: 'pre' });
  await cmd('pro', 'UpdatePresentation', { content: '## Why it holds\n\n- The office scenes (p. 112) read like **last year**.\n- Compare pp. 40-42 with today’s statistics.' });
  await cmd('host', 'StartDebate');
  await cmd('host', 'AdvanceRound'); // presentations: Jae-won (pro) first, then Ada (con)
  await hold(6);
  await cmd('pro', 'YieldTurn');
  await hold(5);
  await cmd('con', 'YieldTurn'); // the last slot: the open floor begins by itself
  await cmd('voterA', 'PostMessage', { kind: 'question', text: 'Has the **2019 film** changed how people read it?' });
  await cmd('con', 'RaiseHand');
  await cmd('host', 'GrantTurn', {});
  await hold(4);
  await cmd('con', 'YieldTurn');
  await cmd('pro', 'RaiseHand');
  await cmd('host', 'GrantTurn', {});
  await hold(1);
  await cmd('host', 'MuteParticipant', { accountId: people.con.accountId, reason: 'talking over the speaker' });
  await hold(2);
  await cmd('pro', 'YieldTurn');
  await hold(1);
  // After: 3 for, 1 against.
  await cmd('host', 'OpenVote', { voteId: 'post', question: 'After the debate: does the argument still hold?', options: ['for', 'against', 'undecided'], sides: ['pro', 'con', 'undecided'], kind: 'post' });
  await cmd('pro', 'CastVote', { voteId: 'post', option: 'for' });
  await cmd('con', 'CastVote', { voteId: 'post', option: 'against' });
  await cmd('voterA', 'CastVote', { voteId: 'post', option: 'for' });
  await cmd('voterB', 'CastVote', { voteId: 'post', option: 'for' });
  await cmd('host', 'CloseVote', { voteId: 'post' });
  await cmd('host', 'EndDebate');
  return { debateId, people };
}

/** Waits (bounded) until the read models have every event of the debate: the timeline's last item is DebateEnded. */
export async function waitForProjection(base: string, debateId: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${base}/api/debates/${debateId}/timeline?limit=500`);
    const page = res.ok ? ((await res.json()) as { items: { type: string }[] }) : { items: [] };
    const votes = await fetch(`${base}/api/debates/${debateId}/votes`).then((r) => (r.ok ? (r.json() as Promise<{ motion: { final: boolean } }>) : null));
    if (page.items.at(-1)?.type === 'DebateEnded' && votes?.motion.final) return;
    if (Date.now() > until) throw new Error(`the read models did not catch up with ${debateId} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
