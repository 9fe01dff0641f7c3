import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { LineCounter, parseDocument, Parser } from 'yaml';
import { z } from 'zod';
import { allChecks } from '../checks/index.js';
import { severities } from '../checks/check.js';
import { InputError } from '../errors.js';
import { jsonNestingOffset, nestingMessage, positionAt, yamlNestingOffset } from '../input/nesting.js';
import { parseJson } from '../input/parseJson.js';
import { decodeText } from '../input/readText.js';
import { megabytes } from '../input/sourceText.js';
import { lineOfPath } from './configLocation.js';
import { enforceSchema } from './enforceConfig.js';

// The config file (YAML or JSON, by extension) holds what a team decides once: which checks run, the failure
// threshold, exemptions such as break-glass users (each with a reason and an optional expiry so none is
// forgotten), and what `mfa-warden enforce` does about each failing check.

const checkId = z.string().refine((id) => id === '*' || allChecks.some((check) => check.id === id), {
  message: `unknown check id; valid: *, ${allChecks.map((check) => check.id).join(', ')}`,
});

/** `key` or `key=value`: a principal carrying that tag (with that value) is exempt. */
const tagSelector = z.string().regex(/^[^=]{1,128}(=.{0,256})?$/, 'expected a tag key, or key=value');

const exemptionSchema = z
  .strictObject({
    checks: z.array(checkId).min(1).default(['*']),
    /** Matched against the resource's ARN and its name; `*` matches any run of characters. */
    resource: z.string().min(1).optional(),
    /** An IAM path prefix such as `/service-accounts/`: every principal under it. */
    path: z
      .string()
      .regex(/^\/([\x21-\x7e]*\/)?$/, 'expected an IAM path such as /service-accounts/')
      .optional(),
    /** A tag the principal carries: `key` or `key=value`. */
    tag: tagSelector.optional(),
    reason: z.string().min(1),
    expires: z.iso.date().optional(),
  })
  .refine(
    (exemption) =>
      [exemption.resource, exemption.path, exemption.tag].filter((v) => v !== undefined).length === 1,
    { message: 'an exemption needs exactly one of resource, path or tag' },
  );

export const DEFAULT_EXEMPT_TAG = 'mfa-warden:exempt';

export const configSchema = z.strictObject({
  checks: z.array(checkId).optional(),
  failOn: z.enum(severities as [string, ...string[]]).optional(),
  ignoreUnknown: z.boolean().optional(),
  /**
   * A principal tagged with this key is exempt, the tag's value being the reason; `false` turns it off.
   * Whoever may tag users may exempt them: restrict iam:TagUser on this key.
   */
  exemptTag: z.union([z.string().min(1).max(128), z.literal(false)]).default(DEFAULT_EXEMPT_TAG),
  exemptions: z.array(exemptionSchema).default([]),
  enforce: enforceSchema.default({}),
});

export type Config = z.infer<typeof configSchema>;
export type Exemption = z.infer<typeof exemptionSchema>;

export const emptyConfig: Config = { exemptTag: DEFAULT_EXEMPT_TAG, exemptions: [], enforce: {} };

/** A config file holds a few checks and exemptions; one this large is some other file given by mistake. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export async function loadConfig(file: string): Promise<Config> {
  const text = await readConfigText(file);
  const yaml = ['.yaml', '.yml'].includes(extname(file).toLowerCase());
  return parseConfig(yaml ? parseYaml(text, file) : parseJsonConfig(text, file), file, text);
}

async function readConfigText(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new InputError('is a directory, expected a config file', file);
    if (info.size > MAX_CONFIG_BYTES) {
      throw new InputError(
        `is ${megabytes(info.size)}; a config file is at most ${megabytes(MAX_CONFIG_BYTES)} (is this the right file?)`,
        file,
      );
    }
    bytes = await readFile(file);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(
      `cannot read config file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      file,
    );
  }
  const text = decodeText(bytes, file);
  if (text.includes('\u0000')) throw new InputError('is a binary file, not a YAML or JSON config file', file);
  return text;
}

function parseJsonConfig(text: string, file: string): unknown {
  const value = parseJson(text, file);
  // Valid JSON nested this deep would overflow the walkers after JSON.parse (the key locator among them).
  const tooDeep = jsonNestingOffset(text);
  if (tooDeep !== undefined)
    throw new InputError(nestingMessage(), `${file}:${positionAt(text, tooDeep).line}`);
  return value;
}

function parseYaml(text: string, file: string): unknown {
  if (text.trim() === '') throw new InputError('is empty; expected a YAML mapping', file);
  const lineCounter = new LineCounter();
  const tooDeep = yamlNestingOffset([...new Parser().parse(text)]);
  if (tooDeep !== undefined)
    throw new InputError(nestingMessage(), `${file}:${positionAt(text, tooDeep).line}`);
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const error = document.errors[0];
  if (error) {
    const line = lineCounter.linePos(error.pos[0]).line;
    throw new InputError(`invalid YAML (${error.message.split('\n')[0]})`, `${file}:${line}`);
  }
  try {
    return document.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (error) {
    // yaml's guard against alias bombs (ReferenceError), or aliases nesting deeper than the stack allows.
    const reason =
      error instanceof RangeError
        ? nestingMessage()
        : `its aliases cannot be expanded (${(error as Error).message})`;
    throw new InputError(reason, file);
  }
}

/** Validates a parsed config; `text` (the file's contents) lets errors name the line of the key. */
export function parseConfig(value: unknown, file: string, text?: string): Config {
  const parsed = configSchema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const keyPath = issue?.path ?? [];
  const path = keyPath.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  const line = text === undefined ? undefined : lineOfPath(text, keyPath);
  throw new InputError(
    `config${path}: ${issue?.message ?? 'invalid'}`,
    line === undefined ? file : `${file}:${line}`,
  );
}
