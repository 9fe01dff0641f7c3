import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { MOTO_CREDENTIALS } from '../../test/harness/awsClients.js';
import { useMoto } from '../../test/harness/motoFixture.js';
import { InputError, ScanError } from '../errors.js';
import { createLambdaClients } from './lambdaClients.js';
import { loadLambdaConfig } from './loadLambdaConfig.js';

const moto = useMoto();
const YAML =
  'enforce:\n  console-user-mfa: { mode: remove-console-access }\nexemptions:\n  - resource: break-glass\n    reason: emergency access\n';

function clients() {
  return createLambdaClients({ endpointUrl: moto.moto.endpoint, credentials: MOTO_CREDENTIALS });
}

describe('loadLambdaConfig', () => {
  it('reads the config inline, as YAML or JSON', async () => {
    const c = clients();
    const yaml = await loadLambdaConfig({ kind: 'inline', text: YAML }, c);
    expect(yaml.config.enforce['console-user-mfa']?.mode).toBe('remove-console-access');
    expect(yaml.config.exemptions[0]?.resource).toBe('break-glass');
    const json = await loadLambdaConfig(
      { kind: 'inline', text: '{"enforce": {"user-mfa": {"mode": "deactivate-access-keys"}}}' },
      c,
    );
    expect(json.config.enforce['user-mfa']?.mode).toBe('deactivate-access-keys');
    c.destroy();
  });

  it('reads a SecureString SSM parameter, decrypted', async () => {
    const c = clients();
    await c.ssm.send(
      new PutParameterCommand({ Name: '/mfa-warden/config', Value: YAML, Type: 'SecureString' }),
    );
    const { config, origin } = await loadLambdaConfig({ kind: 'ssm', name: '/mfa-warden/config' }, c);
    expect(origin).toBe('ssm:/mfa-warden/config');
    expect(config.enforce['console-user-mfa']?.mode).toBe('remove-console-access');
    await expect(loadLambdaConfig({ kind: 'ssm', name: '/missing' }, c)).rejects.toThrow(
      /cannot read the config from SSM parameter \/missing: ParameterNotFound/,
    );
    c.destroy();
  });

  it('reads an S3 object', async () => {
    const c = clients();
    await c.s3.send(new CreateBucketCommand({ Bucket: 'mfa-warden-config' }));
    await c.s3.send(new PutObjectCommand({ Bucket: 'mfa-warden-config', Key: 'config.yaml', Body: YAML }));
    const { config } = await loadLambdaConfig(
      { kind: 's3', bucket: 'mfa-warden-config', key: 'config.yaml' },
      c,
    );
    expect(config.exemptions).toHaveLength(1);
    await expect(
      loadLambdaConfig({ kind: 's3', bucket: 'mfa-warden-config', key: 'nope.yaml' }, c),
    ).rejects.toThrow(ScanError);
    c.destroy();
  });

  it('names the source and line of a mistake', async () => {
    const c = clients();
    const bad = 'enforce:\n  root-mfa: { mode: delete-user }\n';
    await expect(loadLambdaConfig({ kind: 'inline', text: bad }, c)).rejects.toThrow(
      /^MFA_WARDEN_CONFIG:2: config\.enforce\.root-mfa: no enforcement mode/,
    );
    await expect(loadLambdaConfig({ kind: 'inline', text: '{"enforce": ' }, c)).rejects.toThrow(InputError);
    c.destroy();
  });
});
