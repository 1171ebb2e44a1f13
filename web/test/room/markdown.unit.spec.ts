import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/room/markdown.ts';

describe('renderMarkdown', () => {
  it('renders markdown emphasis and lists', () => {
    expect(renderMarkdown('**bold**\n\n- one')).toMatch(/<strong>bold<\/strong>[\s\S]*<li>one<\/li>/);
  });

  it.each([
    ['<script>window.__xss=1</script>'],
    ['<img src=x onerror="window.__xss=1">'],
    ['[click](javascript:window.__xss=1)'],
    ['<a href="javascript:alert(1)">x</a>'],
  ])('never produces runnable markup from %s', (payload) => {
    const host = document.createElement('div');
    host.innerHTML = renderMarkdown(payload);
    expect(host.querySelector('script, img[onerror], [onerror]')).toBeNull();
    expect([...host.querySelectorAll('a')].every((a) => !/^javascript:/i.test(a.getAttribute('href') ?? ''))).toBe(true);
  });

  it('highlights page references when asked', () => {
    const html = renderMarkdown('See p. 12 and pp. 40-42.', { highlightPages: true });
    expect(html).toContain('<mark class="page-ref">p. 12</mark>');
    expect(html).toContain('<mark class="page-ref">pp. 40-42</mark>');
  });

  it('does not touch page-like text inside a link target', () => {
    const html = renderMarkdown('[notes](https://example.org/p.12)', { highlightPages: true });
    expect(html).toContain('href="https://example.org/p.12"');
  });
});
