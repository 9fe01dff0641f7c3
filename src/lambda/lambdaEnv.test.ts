import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { readLambdaSettings } from './lambdaEnv.js';

const CONFIG = { MFA_WARDEN_CONFIG: 'enforce: {}' };

describe('readLambdaSettings', () => {
  it('is a dry-run with an inline config by default', () => {
    expect(readLambdaSettings(CONFIG)).toEqual({
      config: { kind: 'inline', text: 'enforce: {}' },
      apply: false,
      securityHub: false,
    });
  });

  it('reads every variable of the deployment contract', () => {
    expect(
      readLambdaSettings({
        MFA_WARDEN_CONFIG_S3: 's3://config-bucket/mfa-warden/config.yaml',
        MFA_WARDEN_APPLY: 'TRUE',
        MFA_WARDEN_JOURNAL_BUCKET: 'journal-bucket',
        MFA_WARDEN_JOURNAL_PREFIX: 'runs',
        MFA_WARDEN_SNS_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:mfa-warden',
        MFA_WARDEN_SECURITY_HUB: 'true',
      }),
    ).toEqual({
      config: { kind: 's3', bucket: 'config-bucket', key: 'mfa-warden/config.yaml' },
      apply: true,
      journal: { bucket: 'journal-bucket', prefix: 'runs/' },
      snsTopicArn: 'arn:aws:sns:us-east-1:123456789012:mfa-warden',
      securityHub: true,
    });
    expect(readLambdaSettings({ MFA_WARDEN_CONFIG_SSM: '/mfa-warden/config' }).config).toEqual({
      kind: 'ssm',
      name: '/mfa-warden/config',
    });
    expect(readLambdaSettings({ ...CONFIG, MFA_WARDEN_JOURNAL_BUCKET: 'b' }).journal?.prefix).toBe(
      'journal/',
    );
  });

  it.each([
    [{}, /set exactly one of MFA_WARDEN_CONFIG.*none is set/],
    [{ ...CONFIG, MFA_WARDEN_CONFIG_SSM: 'x' }, /found MFA_WARDEN_CONFIG and MFA_WARDEN_CONFIG_SSM/],
    [{ MFA_WARDEN_CONFIG_S3: 'config-bucket/key' }, /must be s3:\/\/bucket\/key/],
    [{ ...CONFIG, MFA_WARDEN_APPLY: 'true' }, /needs MFA_WARDEN_JOURNAL_BUCKET/],
    [{ ...CONFIG, MFA_WARDEN_APPLY: 'yes' }, /MFA_WARDEN_APPLY must be true or false, got "yes"/],
    [{ ...CONFIG, MFA_WARDEN_SNS_TOPIC_ARN: 'mfa-warden' }, /not an SNS topic ARN/],
  ])('refuses %j', (env, message) => {
    expect(() => readLambdaSettings(env)).toThrow(InputError);
    expect(() => readLambdaSettings(env)).toThrow(message);
  });
});
