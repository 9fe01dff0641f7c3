import { afterEach, describe, expect, it, vi } from 'vitest';
import { InputError, ScanError } from '../../errors.js';
import { createAwsClients, sharedClientConfig } from './clients.js';
import { collectAwsSnapshot } from './collectSnapshot.js';

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('createAwsClients', () => {
  it('defaults to us-east-1 because IAM is global', async () => {
    vi.stubEnv('AWS_REGION', 'eu-west-3');
    const clients = createAwsClients({ credentials });
    expect(clients.region).toBe('us-east-1');
    expect(await clients.iam.config.region()).toBe('us-east-1');
    expect(await clients.sts.config.region()).toBe('us-east-1');
    clients.destroy();
  });

  it('uses adaptive retries and the given attempt count', async () => {
    const clients = createAwsClients({ credentials, maxAttempts: 7 });
    expect(await clients.iam.config.retryStrategy()).toMatchObject({ mode: 'adaptive' });
    expect(await clients.iam.config.maxAttempts()).toBe(7);
    clients.destroy();
    const defaults = createAwsClients({ credentials });
    expect(await defaults.iam.config.maxAttempts()).toBe(5);
    defaults.destroy();
  });

  it('sends both clients to --endpoint-url', async () => {
    const clients = createAwsClients({ credentials, endpointUrl: 'http://127.0.0.1:4566' });
    expect(clients.endpointUrl).toBe('http://127.0.0.1:4566');
    for (const client of [clients.iam, clients.sts]) {
      const endpoint = await client.config.endpoint?.();
      expect(endpoint).toMatchObject({ hostname: '127.0.0.1', port: 4566, protocol: 'http:' });
    }
    clients.destroy();
  });

  it('honours AWS_ENDPOINT_URL, and --endpoint-url wins over it', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL', 'http://127.0.0.1:1');
    const error = await collectAwsSnapshot({ credentials, maxAttempts: 1 }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ScanError);
    expect((error as ScanError).message).toMatch(/^could not reach http:\/\/127\.0\.0\.1:1: /);
    expect(createAwsClients({ credentials, endpointUrl: 'http://127.0.0.1:2' }).endpointUrl).toBe(
      'http://127.0.0.1:2',
    );
  });

  it('aborts an attempt that waits too long (not just a warning), so the SDK retries it', () => {
    const defaults = sharedClientConfig({ region: 'us-east-1', credentials });
    expect(defaults.requestHandler).toEqual({
      connectionTimeout: 5_000,
      requestTimeout: 30_000,
      throwOnRequestTimeout: true,
      socketTimeout: 30_000,
    });
    const fast = sharedClientConfig({
      region: 'us-east-1',
      credentials,
      connectTimeoutMs: 250,
      requestTimeoutMs: 1_000,
    });
    expect(fast.requestHandler).toMatchObject({
      connectionTimeout: 250,
      requestTimeout: 1_000,
      socketTimeout: 1_000,
    });
  });

  it('rejects a deadline that is not a positive number of milliseconds', () => {
    expect(() => createAwsClients({ credentials, timeoutMs: 0 })).toThrow(InputError);
    expect(() => createAwsClients({ credentials, timeoutMs: Number.NaN })).toThrow(
      /timeoutMs must be a positive/,
    );
  });
});
