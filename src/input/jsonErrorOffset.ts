// Where a JSON text stops being valid, so a syntax error can name its line. V8 reports "at position N" for
// most errors, but not for "Unexpected token 'x', ..." or "Unexpected end of JSON input"; for those we find
// the offset ourselves with a small validating scan of the JSON grammar (RFC 8259).

const POSITION = /\bat position (\d+)/;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** The 0-based offset of the syntax error that JSON.parse reported with `message` for `text`. */
export function jsonErrorOffset(text: string, message: string): number {
  const reported = POSITION.exec(message);
  if (reported) return Number(reported[1]);
  return findJsonSyntaxError(text) ?? text.length;
}

/** The 1-based line holding `offset`; an error past the last character belongs to the last non-blank line. */
export function lineAt(text: string, offset: number): number {
  const end = Math.min(offset, text.trimEnd().length);
  let line = 1;
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The offset of the first character that breaks the grammar, text.length if the text ends too early. */
export function findJsonSyntaxError(text: string): number | undefined {
  const scanner = new Scanner(text);
  try {
    scanner.value();
    scanner.skipWhitespace();
    if (scanner.at < text.length) return scanner.at;
    return undefined;
  } catch (error) {
    if (error instanceof SyntaxAt) return error.offset;
    // Nesting deep enough to overflow the stack is not something the aws CLI writes; point at the end.
    return text.length;
  }
}

class SyntaxAt extends Error {
  constructor(readonly offset: number) {
    super(`JSON syntax error at ${offset}`);
  }
}

class Scanner {
  at = 0;
  constructor(private readonly text: string) {}

  value(): void {
    this.skipWhitespace();
    const ch = this.text[this.at];
    if (ch === '{') return this.object();
    if (ch === '[') return this.array();
    if (ch === '"') return this.string();
    if (ch === '-' || isDigit(ch)) return this.number();
    for (const literal of ['true', 'false', 'null']) {
      if (this.text.startsWith(literal, this.at)) {
        this.at += literal.length;
        return;
      }
    }
    this.fail();
  }

  skipWhitespace(): void {
    while (this.at < this.text.length && ' \t\n\r'.includes(this.text[this.at] as string)) this.at++;
  }

  private object(): void {
    this.at++; // {
    this.skipWhitespace();
    if (this.text[this.at] === '}') {
      this.at++;
      return;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.at] !== '"') this.fail();
      this.string();
      this.skipWhitespace();
      this.expect(':');
      this.value();
      this.skipWhitespace();
      if (this.text[this.at] === '}') {
        this.at++;
        return;
      }
      this.expect(',');
    }
  }

  private array(): void {
    this.at++; // [
    this.skipWhitespace();
    if (this.text[this.at] === ']') {
      this.at++;
      return;
    }
    for (;;) {
      this.value();
      this.skipWhitespace();
      if (this.text[this.at] === ']') {
        this.at++;
        return;
      }
      this.expect(',');
    }
  }

  private string(): void {
    this.at++; // opening quote
    while (this.at < this.text.length) {
      const code = this.text.charCodeAt(this.at);
      if (code === 0x22) {
        this.at++;
        return;
      }
      if (code < 0x20) this.fail();
      if (code === 0x5c) {
        this.at++; // the backslash; errors point at what follows it, as V8's do
        const escape = this.text[this.at];
        if (escape === 'u') {
          for (let digit = 0; digit < 4; digit++) {
            this.at++;
            if (!/^[0-9a-fA-F]$/.test(this.text[this.at] ?? '')) this.fail();
          }
          this.at++;
        } else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) this.at++;
        else this.fail();
      } else this.at++;
    }
    this.fail();
  }

  private number(): void {
    NUMBER.lastIndex = this.at;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail();
    this.at += match[0].length;
  }

  private expect(ch: string): void {
    if (this.text[this.at] !== ch) this.fail();
    this.at++;
  }

  private fail(): never {
    throw new SyntaxAt(Math.min(this.at, this.text.length));
  }
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}
