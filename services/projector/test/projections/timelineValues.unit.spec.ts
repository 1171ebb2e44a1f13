// The fields behind a timeline line, for pages that word it in their own language: names for
// account ids, seconds beside milliseconds, and nothing a public line must not carry.
import { describe, expect, it } from 'vitest';
import { lineValues } from '../../src/projections/timeline/values.ts';
import { at } from '../support/oxfordDebate.ts';

const names: Record<string, string> = { host: 'Host', alice: 'Alice', bob: 'Bob' };
const name = (id: string | null) => (id === null ? 'nobody' : (names[id] ?? id));

describe('timeline line values', () => {
  it('names people instead of their ids and gives durations in seconds', () => {
    const v = lineValues({ type: 'TurnGranted', data: { turnNo: 1, speaker: 'bob', side: 'con', kind: 'open', durationMs: 90_000, grantedBy: 'host', startedAt: at(1), endsAt: at(91) } }, name);
    expect(v).toEqual({ speaker: 'Bob', side: 'con', kind: 'open', durationMs: 90_000, durationSeconds: 90, grantedBy: 'Host' });
  });

  it('flattens the book and joins the presentation order by name', () => {
    expect(lineValues({ type: 'RoundStarted', data: { round: 'PRESENTATION', order: ['alice', 'bob'], by: 'host', at: at(1) } }, name)).toEqual({ round: 'PRESENTATION', order: 'Alice, Bob', orderCount: 2, by: 'Host' });
    const scheduled = lineValues({ type: 'DebateScheduled', data: { debateId: 'd1', hostId: 'host', hostName: 'Host', title: 'Fools?', book: { title: 'Middlemarch', author: 'George Eliot' }, motion: 'm', format: 'oxford', maxMembers: 5, startAt: null, turnMs: 1, presentationMs: 1, at: at(0) } }, name);
    expect(scheduled).toMatchObject({ hostId: 'Host', title: 'Fools?', book_title: 'Middlemarch', book_author: 'George Eliot', format: 'oxford' });
  });

  it('never carries a ballot’s choice (the public line says only that someone voted)', () => {
    const v = lineValues({ type: 'VoteChanged', data: { voteId: 'v1', accountId: 'alice', from: 'for', to: 'against', optionsBy: 'label', at: at(1) } } as never, name);
    expect(v).toEqual({ accountId: 'Alice' });
  });

  it('leaves a hidden message’s text out of the line others read', () => {
    const posted = { type: 'MessagePosted' as const, data: { messageId: 'm1', authorId: 'alice', kind: 'question' as const, text: 'secret', at: at(1) } };
    expect(lineValues(posted, name)).toEqual({ authorId: 'Alice', kind: 'question', text: 'secret' });
    expect(lineValues(posted, name, { withText: false })).toEqual({ authorId: 'Alice', kind: 'question' });
  });

  it('leaves a presentation’s content out (the line counts its page references)', () => {
    expect(lineValues({ type: 'PresentationUpdated', data: { accountId: 'alice', content: '# long notes', pageRefs: [3, 4], at: at(1) } }, name)).toEqual({ accountId: 'Alice', pageRefs: '3, 4', pageRefsCount: 2 });
  });
});
