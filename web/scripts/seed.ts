// Seeds a running BookTalk with a few debates through its HTTP API, for screenshots and manual
// checks: `tsx scripts/seed.ts http://localhost:3000`. Prints the sessions it made as JSON.
import { randomUUID } from 'node:crypto';

export interface Seeded {
  base: string;
  debateId: string;
  sessions: Record<'host' | 'pro' | 'con' | 'listener', { token: string; accountId: string; displayName: string; kind: 'guest' | 'account' }>;
}

export async function seed(base: string): Promise<Seeded> {
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
  type Session = { token: string; accountId: string; displayName: string; kind: 'guest' | 'account' };
  const pick = (s: Session): Session => ({ token: s.token, accountId: s.accountId, displayName: s.displayName, kind: s.kind ?? 'guest' });
  // Speaking and hosting need an account; the listener is a guest.
  const suffix = randomUUID().slice(0, 6);
  const account = async (username: string, displayName: string) =>
    pick((await call('/api/accounts', null, { username: `${username}-${suffix}`, displayName, password: `seed password ${suffix}` })) as Session);
  const guest = async (displayName: string) => pick((await call('/api/session', null, { displayName })) as Session);
  const sessions = { host: await account('mina', 'Mina'), pro: await account('jaewon', 'Jae-won'), con: await account('ada', 'Ada'), listener: await guest('Sora') };
  const cmd = (who: keyof typeof sessions, debateId: string, type: string, data: unknown = {}) =>
    call(`/api/debates/${debateId}/commands`, sessions[who].token, { commandId: randomUUID(), type, data });
  const create = async (data: Record<string, unknown>) =>
    ((await call('/api/debates', sessions.host.token, { commandId: randomUUID(), ...data })) as { debateId: string }).debateId;

  const debateId = await create({
    title: 'Does Kim Jiyoung, Born 1982 still speak for today?',
    book: { title: 'Kim Jiyoung, Born 1982', author: 'Cho Nam-joo' },
    motion: 'This house believes the novel’s argument still holds a decade on',
    format: 'oxford',
    turnSeconds: 90,
    presentationSeconds: 120,
  });
  await cmd('host', debateId, 'OpenDebate');
  await cmd('pro', debateId, 'JoinDebate', { role: 'speaker', side: 'pro' });
  await cmd('con', debateId, 'JoinDebate', { role: 'speaker', side: 'con' });
  await cmd('listener', debateId, 'JoinDebate', { role: 'audience' });
  await cmd('host', debateId, 'OpenVote', { voteId: 'pre', question: 'Before we start: does the argument still hold?', options: ['for', 'against', 'undecided'], sides: ['pro', 'con', 'undecided'], kind: 'pre' });
  await cmd('pro', debateId, 'CastVote', { voteId: 'pre', option: 'for' });
  await cmd('con', debateId, 'CastVote', { voteId: 'pre', option: 'against' });
  await cmd('host', debateId, 'StartDebate');
  await cmd('pro', debateId, 'UpdatePresentation', { content: '## Why it holds\n\n- The office scenes (p. 112) read like **last year**.\n- Compare pp. 40-42 with today’s statistics.' });
  await cmd('host', debateId, 'AdvanceRound');
  await cmd('host', debateId, 'AdvanceRound');
  await cmd('listener', debateId, 'PostMessage', { kind: 'chat', text: 'Hello everyone! *Excited* for this one.' });
  await cmd('listener', debateId, 'PostMessage', { kind: 'question', text: 'Has the **2019 film** changed how people read it?' });
  await cmd('con', debateId, 'PostMessage', { kind: 'chat', text: '<img src=x onerror="window.__xss=1"> <script>window.__xss=2</script> just markup' });
  await cmd('con', debateId, 'RaiseHand');
  await cmd('host', debateId, 'GrantTurn', { durationMs: 600_000 }); // outlasts a screenshot run
  await cmd('pro', debateId, 'RaiseHand');

  const other = await create({ title: 'Is The Vegetarian a novel about freedom?', book: { title: 'The Vegetarian', author: 'Han Kang' }, motion: 'Yeong-hye’s refusal is an act of freedom', format: 'free' });
  await cmd('host', other, 'OpenDebate');
  await create({ title: 'Pachinko: family saga or history?', book: { title: 'Pachinko', author: 'Min Jin Lee' }, motion: 'Pachinko is a history book in the form of a novel', format: 'oxford' });
  return { base, debateId, sessions };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  seed(process.argv[2] ?? 'http://localhost:3000').then((s) => console.log(JSON.stringify(s, null, 2)));
}
