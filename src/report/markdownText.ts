// Escaping for the Markdown report. Every value that reaches it (resource names, file paths, messages that
// quote policy names) can come from someone else's IAM or code, and must render as the text it is: no table
// cell split by `|`, no emphasis, link, code span or HTML tag made out of it.

const MARKDOWN_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\\': '\\\\',
  '`': '\\`',
  '*': '\\*',
  _: '\\_',
  '[': '\\[',
  ']': '\\]',
  '|': '\\|',
  '~': '\\~',
};

/**
 * Text for Markdown inline content, table cells included: HTML's `&<>"` as entities, Markdown's punctuation
 * backslash-escaped, line breaks (which would end a table row) as spaces, and `scheme://` and `www.` broken
 * up so that a policy named `www.example.com` does not become a link.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n?|\n/g, ' ')
    .replace(/[&<>"\\`*_[\]|~]/g, (char) => MARKDOWN_ESCAPES[char] ?? char)
    .replace(/:\/\//g, '\\://')
    .replace(/\b(www)\./gi, '$1\\.');
}

/** Text inside raw HTML (`<summary>`), where Markdown is not parsed and a backslash would show. */
export function escapeHtml(text: string): string {
  return text.replace(/\r\n?|\n/g, ' ').replace(/[&<>"]/g, (char) => MARKDOWN_ESCAPES[char] ?? char);
}

/** At most `max` UTF-16 units, ending in `…` when cut; never splits a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}
