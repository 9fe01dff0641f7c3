import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { LineCounter, parseDocument } from 'yaml';
import { parseConfig, type Config } from '../config/config.js';
import { InputError, ScanError } from '../errors.js';
import { parseJson } from '../input/parseJson.js';
import type { ConfigSource } from './lambdaEnv.js';

// The same config file `mfa-warden enforce --config` reads, from wherever the deployment keeps it: inline in
// an environment variable, an SSM parameter (SecureString decrypted), or an S3 object. JSON or YAML, told
// apart by the first character (YAML reads JSON too, but JSON's errors say more). Read on every invocation:
// one small request, and an edited config applies at once.

export async function loadLambdaConfig(
  source: ConfigSource,
  clients: { ssm: SSMClient; s3: S3Client },
): Promise<{ config: Config; origin: string }> {
  const { text, origin } = await readSource(source, clients);
  const value = text.trimStart().startsWith('{') ? parseJson(text, origin) : parseYaml(text, origin);
  return { config: parseConfig(value, origin, text), origin };
}

async function readSource(
  source: ConfigSource,
  clients: { ssm: SSMClient; s3: S3Client },
): Promise<{ text: string; origin: string }> {
  if (source.kind === 'inline') return { text: source.text, origin: 'MFA_WARDEN_CONFIG' };
  if (source.kind === 'ssm') {
    const origin = `ssm:${source.name}`;
    try {
      const { Parameter } = await clients.ssm.send(
        new GetParameterCommand({ Name: source.name, WithDecryption: true }),
      );
      return { text: Parameter?.Value ?? '', origin };
    } catch (error) {
      throw new ScanError(`cannot read the config from SSM parameter ${source.name}: ${describe(error)}`, {
        cause: error,
      });
    }
  }
  const origin = `s3://${source.bucket}/${source.key}`;
  try {
    const { Body } = await clients.s3.send(new GetObjectCommand({ Bucket: source.bucket, Key: source.key }));
    return { text: (await Body?.transformToString('utf8')) ?? '', origin };
  } catch (error) {
    throw new ScanError(`cannot read the config from ${origin}: ${describe(error)}`, { cause: error });
  }
}

/** As loadConfig reads a .yaml file: the first error with its line, aliases bounded. */
function parseYaml(text: string, origin: string): unknown {
  if (text.trim() === '') throw new InputError('is empty; expected a YAML mapping', origin);
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const error = document.errors[0];
  if (error) {
    const line = lineCounter.linePos(error.pos[0]).line;
    throw new InputError(`invalid YAML (${error.message.split('\n')[0]})`, `${origin}:${line}`);
  }
  return document.toJS({ maxAliasCount: 100 }) as unknown;
}

function describe(error: unknown): string {
  const name = (error as { name?: unknown }).name;
  const message = error instanceof Error ? error.message : String(error);
  return typeof name === 'string' && name !== 'Error' ? `${name}: ${message}` : message;
}
