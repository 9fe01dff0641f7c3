import { describe, expect, it } from 'vitest';
import { clip, escapeHtml, escapeMarkdown } from './markdownText.js';

// The escaping under the Markdown report: what reaches GitHub is the text, not markup made out of it.

describe('escapeMarkdown', () => {
  it('turns HTML into entities and Markdown punctuation into backslash escapes', () => {
    expect(escapeMarkdown('<script>alert("x")</script>')).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;',
    );
    expect(escapeMarkdown('|x|')).toBe('\\|x\\|');
    expect(escapeMarkdown('`code` *b* _i_ [l](u) ~~s~~')).toBe(
      '\\`code\\` \\*b\\* \\_i\\_ \\[l\\](u) \\~\\~s\\~\\~',
    );
    expect(escapeMarkdown('a&amp;b')).toBe('a&amp;amp;b');
    expect(escapeMarkdown('back\\slash')).toBe('back\\\\slash');
  });

  it('keeps a table row on one line', () => {
    expect(escapeMarkdown('one\ntwo\r\nthree\rfour')).toBe('one two three four');
  });

  it('breaks up what GitHub would turn into a link', () => {
    expect(escapeMarkdown('see https://evil.example and www.evil.example')).toBe(
      'see https\\://evil.example and www\\.evil.example',
    );
  });

  it('leaves plain text alone', () => {
    expect(escapeMarkdown('zoë.müller: 22,072 actions (Allow s3:GetObject)')).toBe(
      'zoë.müller: 22,072 actions (Allow s3:GetObject)',
    );
  });
});

describe('escapeHtml', () => {
  it('escapes only what HTML needs, since Markdown is not parsed inside <summary>', () => {
    expect(escapeHtml('<b>&"*_|')).toBe('&lt;b&gt;&amp;&quot;*_|');
  });
});

describe('clip', () => {
  it('cuts long text to the limit with an ellipsis, and leaves short text alone', () => {
    expect(clip('abcdef', 6)).toBe('abcdef');
    expect(clip('abcdefg', 6)).toBe('abcde…');
  });

  it('never splits a surrogate pair', () => {
    const clipped = clip('abcd🔴🔴', 6);
    expect(clipped).toBe('abcd…');
    expect(clipped.length).toBeLessThanOrEqual(6);
  });
});
