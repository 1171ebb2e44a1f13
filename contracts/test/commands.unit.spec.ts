import { describe, expect, it } from 'vitest';
import { DebateCommandSchema, debateCommandTypes, debateEventTypes } from '../src/index.ts';

describe('command schemas', () => {
  it('apply defaults', () => {
    const c = DebateCommandSchema.parse({
      type: 'CreateDebate',
      data: { title: 'Middlemarch night', book: { title: 'Middlemarch', author: 'George Eliot' }, motion: 'Dorothea chose well', format: 'free' },
    });
    expect(c).toMatchObject({ data: { title: 'Middlemarch night', maxMembers: 50, turnSeconds: 120, presentationSeconds: 300 } });
  });
  it('refuse a title with spaces at either end instead of trimming it silently', () => {
    const c = DebateCommandSchema.safeParse({
      type: 'CreateDebate',
      data: { title: '  Middlemarch night ', book: { title: 'Middlemarch', author: 'George Eliot' }, motion: 'Dorothea chose well', format: 'free' },
    });
    expect(c.error?.issues[0]).toMatchObject({ path: ['data', 'title'], message: expect.stringMatching(/no space at the start or end/) });
  });
  it('normalise a start time with an offset PostgreSQL cannot hold to UTC', () => {
    const c = DebateCommandSchema.parse({
      type: 'CreateDebate',
      data: { title: 'Middlemarch night', book: { title: 'Middlemarch', author: 'George Eliot' }, motion: 'Dorothea chose well', format: 'free', startAt: '2030-01-01T00:00:00-22:00' },
    });
    expect(c).toMatchObject({ data: { startAt: '2030-01-01T22:00:00.000Z' } });
  });
  it('reject unknown command types and bad payloads with issues that name the field', () => {
    const unknown = DebateCommandSchema.safeParse({ type: 'Nope', data: {} });
    expect(unknown.error?.issues[0]).toMatchObject({ path: ['type'], message: expect.stringMatching(/^Unknown command type "Nope"; expected one of: CreateDebate, OpenDebate/) });
    const bad = DebateCommandSchema.safeParse({ type: 'OpenVote', data: { voteId: 'v', question: 'Who?', options: ['a', 'a'], kind: 'poll' } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['data', 'options']);
    const isbn = DebateCommandSchema.safeParse({
      type: 'CreateDebate',
      data: { title: 'T1 title', book: { title: 'B', author: 'A', isbn: '12-34' }, motion: 'motion', format: 'free' },
    });
    expect(isbn.error?.issues[0]?.path).toEqual(['data', 'book', 'isbn']);
  });
  it('cover the whole catalog: every command and event type has a unique name', () => {
    expect(new Set(debateCommandTypes).size).toBe(debateCommandTypes.length);
    expect(new Set(debateEventTypes).size).toBe(debateEventTypes.length);
    expect(debateCommandTypes.length).toBe(46);
    expect(debateEventTypes.length).toBe(47);
  });
});
