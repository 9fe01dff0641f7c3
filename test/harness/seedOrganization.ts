import { IAMClient } from '@aws-sdk/client-iam';
import {
  AttachPolicyCommand,
  CloseAccountCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { MOTO_CREDENTIALS, MOTO_REGION } from './awsClients.js';

// Builds an AWS Organization in moto with the real Organizations API: the caller's account is the
// management account; member accounts are created, moved into OUs, and reached through an assumed role.

export interface SeededOrganization {
  readonly id: string;
  readonly rootId: string;
  readonly organizations: OrganizationsClient;
  /** Creates a member account (in an OU when given) and returns its id. */
  addAccount(name: string, parentId?: string): Promise<string>;
  addOu(name: string, parentId?: string): Promise<string>;
  /** Creates an SCP from a document and attaches it to the targets; returns its id. */
  addScp(name: string, document: unknown, targets: readonly string[]): Promise<string>;
  close(accountId: string): Promise<void>;
  /** An IAM client acting inside a member account (as its OrganizationAccountAccessRole). */
  iamIn(accountId: string): Promise<IAMClient>;
  destroy(): void;
}

export async function seedOrganization(endpoint: string): Promise<SeededOrganization> {
  const organizations = new OrganizationsClient({
    region: MOTO_REGION,
    endpoint,
    credentials: MOTO_CREDENTIALS,
  });
  const sts = new STSClient({ region: MOTO_REGION, endpoint, credentials: MOTO_CREDENTIALS });
  const created = await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const rootId = (await organizations.send(new ListRootsCommand({}))).Roots?.[0]?.Id ?? '';
  await organizations.send(
    new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }),
  );
  const clients: IAMClient[] = [];
  let counter = 0;
  return {
    id: created.Organization?.Id ?? '',
    rootId,
    organizations,
    async addAccount(name, parentId) {
      counter += 1;
      const status = await organizations.send(
        new CreateAccountCommand({ AccountName: name, Email: `${name}-${counter}@example.com` }),
      );
      const id = status.CreateAccountStatus?.AccountId ?? '';
      if (parentId)
        await organizations.send(
          new MoveAccountCommand({ AccountId: id, SourceParentId: rootId, DestinationParentId: parentId }),
        );
      return id;
    },
    async addOu(name, parentId) {
      const ou = await organizations.send(
        new CreateOrganizationalUnitCommand({ ParentId: parentId ?? rootId, Name: name }),
      );
      return ou.OrganizationalUnit?.Id ?? '';
    },
    async addScp(name, document, targets) {
      const policy = await organizations.send(
        new CreatePolicyCommand({
          Name: name,
          Description: name,
          Type: 'SERVICE_CONTROL_POLICY',
          Content: JSON.stringify(document),
        }),
      );
      const id = policy.Policy?.PolicySummary?.Id ?? '';
      for (const target of targets)
        await organizations.send(new AttachPolicyCommand({ PolicyId: id, TargetId: target }));
      return id;
    },
    async close(accountId) {
      await organizations.send(new CloseAccountCommand({ AccountId: accountId }));
    },
    async iamIn(accountId) {
      const { Credentials } = await sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
          RoleSessionName: 'seed',
        }),
      );
      const client = new IAMClient({
        region: MOTO_REGION,
        endpoint,
        credentials: {
          accessKeyId: Credentials?.AccessKeyId ?? '',
          secretAccessKey: Credentials?.SecretAccessKey ?? '',
          sessionToken: Credentials?.SessionToken ?? '',
        },
      });
      clients.push(client);
      return client;
    },
    destroy() {
      organizations.destroy();
      sts.destroy();
      for (const client of clients) client.destroy();
    },
  };
}
