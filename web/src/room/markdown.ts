// Markdown for presentation notes and chat: markdown-it with raw HTML off, then DOMPurify, so a
// <script> or an onerror= in what people type never runs. Page references (p. 12, pp. 40-42)
// are wrapped in <mark> for highlighting.
import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: true, breaks: true });

const PAGE_REF = /\b(pp?\.\s?\d{1,5}(?:\s?[-–]\s?\d{1,5})?)/g;

export function renderMarkdown(source: string, { highlightPages = false } = {}): string {
  let html = md.render(source);
  // Only in text between tags, never inside an attribute.
  if (highlightPages) html = html.replace(/>([^<]+)</g, (_m, text: string) => `>${text.replace(PAGE_REF, '<mark class="page-ref">$1</mark>')}<`);
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'form', 'input'], FORBID_ATTR: ['style'] });
}
