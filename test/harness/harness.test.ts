import { GetUserCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessDeniedRule, startAwsProxy, type AwsProxy } from './awsProxy.js';
import { MOTO_ACCOUNT_ID, motoIamClient, motoStsClient } from './awsClients.js';
import { startMoto, type MotoServer } from './moto.js';
import { createUser, enableVirtualMfa } from './seed.js';

let moto: MotoServer;
let proxy: AwsProxy;

beforeAll(async () => {
  moto = await startMoto();
  proxy = await startAwsProxy(moto.endpoint);
});

afterAll(async () => {
  await proxy?.stop();
  await moto?.stop();
});

describe('moto harness', () => {
  it('answers STS with the default moto account', async () => {
    const identity = await motoStsClient(moto.endpoint).send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe(MOTO_ACCOUNT_ID);
  });

  it('reset() forgets every user', async () => {
    const iam = motoIamClient(moto.endpoint);
    await createUser(iam, 'to-be-forgotten');
    expect((await iam.send(new ListUsersCommand({}))).Users?.map((u) => u.UserName)).toEqual([
      'to-be-forgotten',
    ]);
    await moto.reset();
    expect((await iam.send(new ListUsersCommand({}))).Users).toEqual([]);
  });

  it('seeds an enabled virtual MFA device', async () => {
    await moto.reset();
    const iam = motoIamClient(moto.endpoint);
    await createUser(iam, 'with-mfa', { path: '/division/team/' });
    const serial = await enableVirtualMfa(iam, 'with-mfa');
    expect(serial).toBe(`arn:aws:iam::${MOTO_ACCOUNT_ID}:mfa/with-mfa-mfa`);
  });
});

describe('aws proxy', () => {
  it('forwards to moto and answers a rule for one action only', async () => {
    await moto.reset();
    const iam = motoIamClient(proxy.endpoint);
    await createUser(iam, 'through-proxy');
    proxy.addRule(accessDeniedRule('GetUser', 1));
    await expect(iam.send(new GetUserCommand({ UserName: 'through-proxy' }))).rejects.toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
    // The rule was for one request only.
    const user = await iam.send(new GetUserCommand({ UserName: 'through-proxy' }));
    expect(user.User?.UserName).toBe('through-proxy');
    expect(proxy.received.GetUser).toBe(2);
    proxy.clearRules();
  });

  it('freeze() replays the first answer while the account changes', async () => {
    await moto.reset();
    const iam = motoIamClient(proxy.endpoint);
    await createUser(iam, 'first');
    proxy.freeze('ListUsers');
    const before = await iam.send(new ListUsersCommand({}));
    await createUser(iam, 'second');
    const after = await iam.send(new ListUsersCommand({}));
    expect(after.Users?.map((u) => u.UserName)).toEqual(before.Users?.map((u) => u.UserName));
    expect(after.Users?.map((u) => u.UserName)).toEqual(['first']);
  });
});
