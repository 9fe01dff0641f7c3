// Source files (Terraform, CloudFormation, plan JSON) are UTF-8 text, as the tools that deploy them require.
// Decoding is strict (TextDecoder fatal): a Latin-1 or Windows-1252 file, a UTF-16 file from PowerShell or a
// binary file is refused with its line, instead of being read with replacement characters into a confusing
// syntax error or, worse, a model with mangled names.

export type SourceText =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly problem: string; readonly line?: number };

/** `kind` names the file in messages: "Terraform", "a CloudFormation template", ... */
export function decodeSourceText(bytes: Uint8Array, kind: string): SourceText {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return {
      ok: false,
      problem: `not ${kind}: the file is UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8`,
    };
  }
  // A NUL byte is never in text: a binary file, whatever else it holds (checked before the UTF-8 decoding,
  // which would otherwise name the first non-UTF-8 byte of the binary).
  const nulByte = bytes.indexOf(0);
  if (nulByte >= 0)
    return {
      ok: false,
      problem: `not ${kind}: this is a binary file, not text`,
      line: lineOfByte(bytes, nulByte),
    };
  let text: string;
  try {
    // TextDecoder drops a leading UTF-8 byte order mark.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = invalidUtf8Offset(bytes);
    return {
      ok: false,
      problem: `not ${kind}: the file is not UTF-8 text (invalid byte 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')} at byte ${offset}; Latin-1 or Windows-1252?); save it as UTF-8`,
      line: lineOfByte(bytes, offset),
    };
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    return {
      ok: false,
      problem: `not ${kind}: this is a binary file, not text`,
      line: lineOfChar(text, nul),
    };
  }
  return { ok: true, text };
}

/** The offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    const need = lead < 0x80 ? 1 : lead < 0xc2 ? 0 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : lead < 0xf5 ? 4 : 0;
    if (need === 0) return i;
    if (i + need > bytes.length) return i;
    for (let k = 1; k < need; k++) if (((bytes[i + k] as number) & 0xc0) !== 0x80) return i;
    const second = bytes[i + 1] as number;
    // Overlong forms, surrogates and code points above U+10FFFF (RFC 3629).
    if (lead === 0xe0 && second < 0xa0) return i;
    if (lead === 0xed && second > 0x9f) return i;
    if (lead === 0xf0 && second < 0x90) return i;
    if (lead === 0xf4 && second > 0x8f) return i;
    i += need;
  }
  return bytes.length;
}

function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function lineOfChar(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** "12.3 MB": sizes in messages about size limits. */
export function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
