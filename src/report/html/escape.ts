// Markup for the HTML report is built only through `markup`: every value from a finding is untrusted (a
// resource name, a message or a policy can hold `<script>`), so whatever is interpolated is escaped unless it
// is already SafeHtml, which only `markup` itself makes. (Not named `html`: prettier would reformat
// templates with that tag as HTML, adding whitespace to every row.)

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What `markup` accepts: false, null and undefined render nothing, so `cond && markup\`...\`` works. */
export type HtmlPart = SafeHtml | string | number | false | null | undefined | readonly HtmlPart[];

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

// Control characters are parse errors in HTML even as character references: they become U+FFFD.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f]/g;

/** Text safe in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(CONTROL, '\ufffd').replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

function append(part: HtmlPart, out: string[]): void {
  if (part === false || part === null || part === undefined) return;
  if (part instanceof SafeHtml) out.push(part.value);
  else if (typeof part === 'string') out.push(escapeHtml(part));
  else if (typeof part === 'number') out.push(String(part));
  else for (const item of part) append(item, out);
}

/** A template tag: the literal parts are markup, every interpolated value is escaped. */
export function markup(strings: TemplateStringsArray, ...values: readonly HtmlPart[]): SafeHtml {
  const out: string[] = [];
  strings.forEach((literal, index) => {
    out.push(literal);
    if (index < values.length) append(values[index], out);
  });
  return new SafeHtml(out.join(''));
}

/** Markup this module did not build but which is known safe: the report's own CSS and script. */
export function trustedHtml(text: string): SafeHtml {
  return new SafeHtml(text);
}
