import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { allChecks } from '../checks/index.js';
import { severities } from '../checks/check.js';
import { InputError } from '../errors.js';
import { parseJson } from '../input/parseJson.js';

// The config file (JSON) holds what a team decides once: which checks run, the failure threshold, and
// exemptions such as break-glass users, each with a reason and an optional expiry so none is forgotten.

const checkId = z.string().refine((id) => id === '*' || allChecks.some((check) => check.id === id), {
  message: `unknown check id; valid: *, ${allChecks.map((check) => check.id).join(', ')}`,
});

const exemptionSchema = z.strictObject({
  checks: z.array(checkId).min(1).default(['*']),
  /** Matched against the resource's ARN and its name; `*` matches any run of characters. */
  resource: z.string().min(1),
  reason: z.string().min(1),
  expires: z.iso.date().optional(),
});

export const configSchema = z.strictObject({
  checks: z.array(checkId).optional(),
  failOn: z.enum(severities as [string, ...string[]]).optional(),
  ignoreUnknown: z.boolean().optional(),
  exemptions: z.array(exemptionSchema).default([]),
});

export type Config = z.infer<typeof configSchema>;
export type Exemption = z.infer<typeof exemptionSchema>;

export const emptyConfig: Config = { exemptions: [] };

export async function loadConfig(file: string): Promise<Config> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(
      `cannot read config file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      file,
    );
  }
  return parseConfig(parseJson(text, file), file);
}

export function parseConfig(value: unknown, file: string): Config {
  const parsed = configSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.length
    ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')
    : '';
  throw new InputError(`config${path}: ${issue?.message ?? 'invalid'}`, file);
}
