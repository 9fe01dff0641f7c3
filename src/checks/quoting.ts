// Quoting for the commands and snippets a remediation offers: names come from accounts, exports and code, so
// any of them may hold a quote, a space or `$(...)`; each is quoted for the language it is pasted into.

/** A word for bash: bare when it is only IAM name characters (and `/`, `:`), else single-quoted. */
export function shellQuote(value: string): string {
  return /^[\w+=,.@/:-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A Terraform (HCL) string literal: `"` and `\` escaped, and `${` / `%{` so no template is interpolated. */
export function hclString(value: string): string {
  // Most names need no escape at all.
  if (!/[\\"\n\r\t$%]/.test(value)) return `"${value}"`;
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, '%%{');
  return `"${escaped}"`;
}

/** A Terraform resource name (label) derived from an IAM name: letters, digits and `_`, not a digit first. */
export function terraformLabel(value: string): string {
  const label = value.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(label) ? label : `_${label}`;
}

/** A file name derived from an IAM name: IAM name characters only, so it needs no quoting in most shells. */
export function fileStem(value: string): string {
  return value.replace(/[^\w+=,.@-]/g, '-').replace(/^[.-]/, '_');
}

/** One line of text for a comment (bash or HCL): line breaks and other control characters become spaces. */
export function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must not survive
  return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
}

/**
 * `--flag value` with the value shell-quoted; `--flag=value` when the value starts with `-`, which the aws CLI
 * would otherwise read as another option (IAM names may start with `-`).
 */
export function option(flag: string, value: string): string {
  return value.startsWith('-') ? shellQuote(`${flag}=${value}`) : `${flag} ${shellQuote(value)}`;
}
