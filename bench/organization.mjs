// Organization scans: accounts per minute at several concurrencies, and IAM/Organizations requests per account,
// over an organization of moto accounts (default 100, each with a few console users), through the counting
// proxy with a per-request latency that models a real AWS round trip.
// Usage: node bench/organization.mjs [--accounts 100] [--users 5] [--concurrency 1,8,32] [--latency-ms 20]
import { mkdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CreateLoginProfileCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  CreateOrganizationalUnitCommand,
  CreatePolicyCommand,
  AttachPolicyCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import pLimit from 'p-limit';
import { startMoto } from './moto.mjs';
import { startWireCounter } from './wireCounter.mjs';

// The SDK's Node 22 notice is noise in a benchmark's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '100' },
    users: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '1,8,32' },
    'latency-ms': { type: 'string', default: '20' },
    out: { type: 'string', default: fileURLToPath(new URL('results/organization.json', import.meta.url)) },
  },
});
const accounts = Number(values.accounts);
const usersPerAccount = Number(values.users);
const concurrencies = values.concurrency.split(',').map(Number);
const latencyMs = Number(values['latency-ms']);
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const region = 'us-east-1';

const { scanOrganization, mfaScpDocument } = await import('../dist/index.js');
const moto = await startMoto();
const wire = await startWireCounter({ target: moto.endpoint, latencyMs });
try {
  process.stderr.write(
    `seeding an organization of ${accounts} accounts x ${usersPerAccount} users in moto...\n`,
  );
  const seedStart = performance.now();
  const organizations = new OrganizationsClient({ region, endpoint: moto.endpoint, credentials });
  const sts = new STSClient({ region, endpoint: moto.endpoint, credentials });
  await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const rootId = (await organizations.send(new ListRootsCommand({}))).Roots[0].Id;
  await organizations.send(
    new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }),
  );
  const ous = [];
  for (let i = 0; i < 5; i++)
    ous.push(
      (await organizations.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: `ou-${i}` })))
        .OrganizationalUnit.Id,
    );
  const scp = mfaScpDocument();
  const policy = await organizations.send(
    new CreatePolicyCommand({
      Name: 'mfa',
      Description: 'mfa',
      Type: 'SERVICE_CONTROL_POLICY',
      Content: JSON.stringify(scp),
    }),
  );
  await organizations.send(
    new AttachPolicyCommand({ PolicyId: policy.Policy.PolicySummary.Id, TargetId: ous[0] }),
  );
  const limit = pLimit(8);
  await Promise.all(
    Array.from({ length: accounts - 1 }, (_, i) =>
      limit(async () => {
        const created = await organizations.send(
          new CreateAccountCommand({ AccountName: `member-${i}`, Email: `member-${i}@example.com` }),
        );
        const id = created.CreateAccountStatus.AccountId;
        await organizations.send(
          new MoveAccountCommand({
            AccountId: id,
            SourceParentId: rootId,
            DestinationParentId: ous[i % ous.length],
          }),
        );
        const { Credentials } = await sts.send(
          new AssumeRoleCommand({
            RoleArn: `arn:aws:iam::${id}:role/OrganizationAccountAccessRole`,
            RoleSessionName: 'seed',
          }),
        );
        const iam = new IAMClient({
          region,
          endpoint: moto.endpoint,
          credentials: {
            accessKeyId: Credentials.AccessKeyId,
            secretAccessKey: Credentials.SecretAccessKey,
            sessionToken: Credentials.SessionToken,
          },
        });
        for (let u = 0; u < usersPerAccount; u++) {
          await iam.send(new CreateUserCommand({ UserName: `user-${u}` }));
          await iam.send(
            new CreateLoginProfileCommand({ UserName: `user-${u}`, Password: 'Correct-Horse-9!' }),
          );
        }
        iam.destroy();
      }),
    ),
  );
  organizations.destroy();
  sts.destroy();
  process.stderr.write(`seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s\n`);

  const runs = [];
  for (const concurrency of concurrencies) {
    wire.reset();
    const start = performance.now();
    const result = await scanOrganization({ endpointUrl: wire.endpoint, credentials, region, concurrency });
    const seconds = (performance.now() - start) / 1000;
    const scanned = result.accounts.filter((a) => a.status === 'scanned');
    const perAccount = scanned.map((a) => a.requests);
    const count = wire.snapshot();
    const run = {
      concurrency,
      seconds: Number(seconds.toFixed(2)),
      accountsPerMinute: Number(((scanned.length / seconds) * 60).toFixed(1)),
      scanned: scanned.length,
      failed: result.accounts.filter((a) => a.status === 'failed').length,
      requestsPerAccount: { min: Math.min(...perAccount), max: Math.max(...perAccount) },
      organizationsRequests: count.byService.organizations ?? 0,
      wireRequests: count.total,
    };
    runs.push(run);
    console.log(
      `concurrency ${String(concurrency).padStart(2)}: ${run.seconds} s, ${run.accountsPerMinute} accounts/min, ` +
        `${run.requestsPerAccount.min}-${run.requestsPerAccount.max} IAM/STS requests per account, ` +
        `${run.organizationsRequests} Organizations requests in all, ${run.failed} failed`,
    );
  }
  mkdirSync(new URL('results/', import.meta.url), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify({ accounts, usersPerAccount, latencyMs, runs }, null, 2)}\n`);
} finally {
  await wire.close();
  await moto.stop();
}
