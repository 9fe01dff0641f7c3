import { describe, expect, it } from 'vitest';
import { escapeHtml, markup, trustedHtml } from './escape.js';

describe('markup', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    const name = `"><script>alert('x')</script>&`;
    expect(markup`<p title="${name}">${name}</p>`.value).toBe(
      '<p title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</p>',
    );
  });

  it('nests fragments without escaping them twice, flattens arrays and skips false, null and undefined', () => {
    const items = ['a<b', 'c'].map((item) => markup`<li>${item}</li>`);
    expect(markup`<ul>${items}${false}${null}${undefined}${0}</ul>`.value).toBe(
      '<ul><li>a&lt;b</li><li>c</li>0</ul>',
    );
    expect(markup`${trustedHtml('<b>')}`.value).toBe('<b>');
  });

  it('replaces control characters but keeps tabs, newlines and form feeds', () => {
    expect(escapeHtml('a\u0000b\u0007c\u007fd\u0085e\t\n\r\f')).toBe('a\ufffdb\ufffdc\ufffdd\ufffde\t\n\r\f');
  });
});
