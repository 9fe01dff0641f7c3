import { InputError } from '../errors.js';

// The Lambda function's environment variables, read once and checked: a deployment mistake (two config
// sources, --apply without a journal, "ture") must fail the first invocation loudly, not run half-configured.
// The deployment (Terraform/CloudFormation) is written against exactly these names.

export type LambdaEnv = Readonly<Record<string, string | undefined>>;

export type ConfigSource =
  | { readonly kind: 'inline'; readonly text: string }
  | { readonly kind: 'ssm'; readonly name: string }
  | { readonly kind: 's3'; readonly bucket: string; readonly key: string };

export interface LambdaSettings {
  readonly config: ConfigSource;
  /** MFA_WARDEN_APPLY=true: apply the plan; otherwise it is only logged (dry-run, the default). */
  readonly apply: boolean;
  /** Where the journal goes; required when applying. */
  readonly journal?: { readonly bucket: string; readonly prefix: string };
  readonly snsTopicArn?: string;
  readonly securityHub: boolean;
}

export const ENV = {
  config: 'MFA_WARDEN_CONFIG',
  configSsm: 'MFA_WARDEN_CONFIG_SSM',
  configS3: 'MFA_WARDEN_CONFIG_S3',
  apply: 'MFA_WARDEN_APPLY',
  journalBucket: 'MFA_WARDEN_JOURNAL_BUCKET',
  journalPrefix: 'MFA_WARDEN_JOURNAL_PREFIX',
  snsTopicArn: 'MFA_WARDEN_SNS_TOPIC_ARN',
  securityHub: 'MFA_WARDEN_SECURITY_HUB',
} as const;

export const DEFAULT_JOURNAL_PREFIX = 'journal/';

export function readLambdaSettings(env: LambdaEnv): LambdaSettings {
  const apply = flag(env, ENV.apply);
  const bucket = value(env, ENV.journalBucket);
  if (apply && !bucket)
    throw new InputError(
      `${ENV.apply}=true needs ${ENV.journalBucket}: every change is journaled before it is sent`,
    );
  const prefix = env[ENV.journalPrefix] ?? DEFAULT_JOURNAL_PREFIX;
  const topic = value(env, ENV.snsTopicArn);
  if (topic && !/^arn:[^:]+:sns:[^:]+:\d{12}:[\w.-]+$/.test(topic))
    throw new InputError(`${ENV.snsTopicArn} is not an SNS topic ARN: "${topic}"`);
  return {
    config: configSource(env),
    apply,
    ...(bucket ? { journal: { bucket, prefix: normalisePrefix(prefix) } } : {}),
    ...(topic ? { snsTopicArn: topic } : {}),
    securityHub: flag(env, ENV.securityHub),
  };
}

function configSource(env: LambdaEnv): ConfigSource {
  const inline = value(env, ENV.config);
  const ssm = value(env, ENV.configSsm);
  const s3 = value(env, ENV.configS3);
  const given = [inline && ENV.config, ssm && ENV.configSsm, s3 && ENV.configS3].filter(Boolean);
  if (given.length !== 1)
    throw new InputError(
      `set exactly one of ${ENV.config} (the config's YAML or JSON), ${ENV.configSsm} (an SSM parameter name) or ${ENV.configS3} (s3://bucket/key); ${given.length === 0 ? 'none is set' : `found ${given.join(' and ')}`}`,
    );
  if (inline) return { kind: 'inline', text: inline };
  if (ssm) return { kind: 'ssm', name: ssm };
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/.exec(s3 as string);
  if (!match) throw new InputError(`${ENV.configS3} must be s3://bucket/key, got "${s3}"`);
  return { kind: 's3', bucket: match[1] as string, key: match[2] as string };
}

function value(env: LambdaEnv, name: string): string | undefined {
  const text = env[name]?.trim();
  return text ? text : undefined;
}

/** `true` or `false` (any case), empty or unset meaning false; anything else is a mistake worth stopping for. */
function flag(env: LambdaEnv, name: string): boolean {
  const text = (env[name] ?? '').trim().toLowerCase();
  if (text === 'true') return true;
  if (text === '' || text === 'false') return false;
  throw new InputError(`${name} must be true or false, got "${env[name]}"`);
}

function normalisePrefix(prefix: string): string {
  const trimmed = prefix.trim().replace(/^\/+/, '');
  return trimmed === '' || trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}
