import type { IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { motoIamClient } from './awsClients.js';
import { startAwsProxy, type AwsProxy } from './awsProxy.js';
import { startMoto, type MotoServer } from './moto.js';

// One moto_server (and a proxy in front of it) per test file, emptied before every test, so tests neither
// share state nor wait on each other. Call at the top level of a test file.

export interface MotoFixture {
  /** Valid inside tests and hooks, not at import time. */
  readonly moto: MotoServer;
  /** In front of moto; point the code under test at proxy.endpoint to inject errors. Reset before each test. */
  readonly proxy: AwsProxy;
  /** Talks to moto directly, for seeding. */
  readonly iam: IAMClient;
}

export function useMoto(): MotoFixture {
  const fixture = {} as { moto: MotoServer; proxy: AwsProxy; iam: IAMClient };
  beforeAll(async () => {
    fixture.moto = await startMoto();
    fixture.proxy = await startAwsProxy(fixture.moto.endpoint);
    fixture.iam = motoIamClient(fixture.moto.endpoint);
  });
  afterAll(async () => {
    fixture.iam?.destroy();
    await fixture.proxy?.stop();
    await fixture.moto?.stop();
  });
  beforeEach(async () => {
    fixture.proxy.reset();
    await fixture.moto.reset();
  });
  return fixture;
}
