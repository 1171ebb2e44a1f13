import { describe, expect, it, vi } from 'vitest';
import { ApiRequestError } from '../../src/api/errors.ts';
import NewDebateForm from '../../src/components/NewDebateForm.vue';
import { mountWith } from './mountWith.ts';

async function fill(w: ReturnType<typeof mountWith>, values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) await w.get(`[name="${name}"]`).setValue(value);
}
const valid = { title: 'Kim Jiyoung today', 'book.title': 'Kim Jiyoung, Born 1982', 'book.author': 'Cho Nam-joo', motion: 'The argument still holds' };

describe('NewDebateForm', () => {
  it('shows the schema’s error next to a field once it is left', async () => {
    const w = mountWith(NewDebateForm, { submit: vi.fn() });
    await fill(w, { title: 'ab' });
    expect(w.find('#f-title-err').exists()).toBe(false);
    await w.get('[name=title]').trigger('blur');
    expect(w.get('#f-title-err').text()).toMatch(/3/);
    expect(w.get('[name=title]').attributes('aria-invalid')).toBe('true');
  });

  it('does not submit an invalid debate and marks every bad field', async () => {
    const submit = vi.fn();
    const w = mountWith(NewDebateForm, { submit });
    await fill(w, { ...valid, turnSeconds: '2' });
    await w.get('form').trigger('submit');
    expect(submit).not.toHaveBeenCalled();
    expect(w.find('#f-turn-err').exists()).toBe(true);
    expect(w.find('#f-title-err').exists()).toBe(false);
  });

  it('submits the CreateDebate data the server expects', async () => {
    const submit = vi.fn(async () => undefined);
    const w = mountWith(NewDebateForm, { submit });
    await fill(w, valid);
    await w.get('input[value=free]').setValue(true);
    await w.get('form').trigger('submit');
    expect(submit).toHaveBeenCalledWith({
      title: 'Kim Jiyoung today',
      book: { title: 'Kim Jiyoung, Born 1982', author: 'Cho Nam-joo' },
      motion: 'The argument still holds',
      format: 'free',
      turnSeconds: 120,
      presentationSeconds: 300,
      accountsOnly: false,
      floorControl: false,
    });
  });

  it('has floor control on for oxford and off for free until the person sets it', async () => {
    const submit = vi.fn(async () => undefined);
    const w = mountWith(NewDebateForm, { submit });
    await fill(w, valid);
    const box = () => w.get<HTMLInputElement>('input[name=floorControl]').element.checked;
    expect(box()).toBe(true);
    await w.get('input[value=free]').setValue(true);
    expect(box()).toBe(false);
    await w.get('input[name=floorControl]').setValue(true);
    await w.get('input[value=oxford]').setValue(true);
    await w.get('input[value=free]').setValue(true);
    expect(box()).toBe(true);
    await w.get('form').trigger('submit');
    expect(submit).toHaveBeenCalledWith(expect.objectContaining({ format: 'free', floorControl: true }));
  });

  it('creates an accounts-only debate when asked', async () => {
    const submit = vi.fn(async () => undefined);
    const w = mountWith(NewDebateForm, { submit });
    await fill(w, valid);
    await w.get('input[name=accountsOnly]').setValue(true);
    await w.get('form').trigger('submit');
    expect(submit).toHaveBeenCalledWith(expect.objectContaining({ accountsOnly: true }));
  });

  it('puts the server’s 400 issues on their fields', async () => {
    const submit = vi.fn(async () => {
      throw new ApiRequestError(400, { code: 'VALIDATION_FAILED', message: 'Invalid debate', issues: [{ path: ['motion'], message: 'server says no' }] });
    });
    const w = mountWith(NewDebateForm, { submit });
    await fill(w, valid);
    await w.get('form').trigger('submit');
    await vi.waitFor(() => expect(w.find('#f-motion-err').exists()).toBe(true));
    expect(w.get('#f-motion-err').text()).toBe('server says no');
    // The form words the code in the page's language, not the server's English message.
    expect(w.get('[role=alert]').text()).toBe('Some fields need another look.');
  });
});

describe('NewDebateForm in Korean', () => {
  it('shows the length error in Korean', async () => {
    const w = mountWith(NewDebateForm, { submit: vi.fn() }, 'ko');
    await w.get('[name=title]').setValue('ab');
    await w.get('[name=title]').trigger('blur');
    expect(w.get('#f-title-err').text()).toBe('3자 이상이어야 합니다');
  });
});
