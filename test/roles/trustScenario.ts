// One account, described once, that every adapter must judge alike: roles with each trust shape the
// role checks know (account root, bare account id, users, roles, `*` with conditions, another account,
// services, SAML and OIDC providers, the Null/BoolIfExists variants) and users that reach admin roles
// through chains and a cycle. The renderers in trustRenderers.ts turn it into moto calls, Terraform,
// plan JSON and CloudFormation. `{{account}}` stands for the account the code is deployed into.

export const ACCOUNT_TOKEN = '{{account}}';
export const OTHER_ACCOUNT = '999988887777';
export const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';

export interface PolicyDoc {
  readonly Version: '2012-10-17';
  readonly Statement: readonly Readonly<Record<string, unknown>>[];
}

export interface ScenarioRole {
  readonly name: string;
  readonly path?: string;
  readonly trust: PolicyDoc;
  readonly inline?: PolicyDoc;
  readonly managed?: readonly string[];
  /** Only a live account (and its export) can hold it: IaC cannot declare a service-linked role this way. */
  readonly liveOnly?: boolean;
}

export interface ScenarioUser {
  readonly name: string;
  readonly inline?: PolicyDoc;
}

export interface Expectation {
  readonly check: 'role-trust-mfa' | 'console-user-mfa-enforced';
  readonly name: string;
  /** undefined: the check must say nothing about it. */
  readonly status: 'pass' | 'fail' | undefined;
  /** Chains (`a -> role/b`) with their depth that details.chains must hold. */
  readonly chains?: readonly (readonly [string, number])[];
  readonly trustedAccounts?: readonly string[];
  readonly message?: RegExp;
  readonly liveOnly?: boolean;
}

const ROOT = `arn:aws:iam::${ACCOUNT_TOKEN}:root`;
const arnOf = (kind: 'user' | 'role', name: string) => `arn:aws:iam::${ACCOUNT_TOKEN}:${kind}/${name}`;
const mfa = (value: 'true' | 'false', operator = 'Bool') => ({
  [operator]: { 'aws:MultiFactorAuthPresent': value },
});

const doc = (...statements: Record<string, unknown>[]): PolicyDoc => ({
  Version: '2012-10-17',
  Statement: statements,
});
const allowAws = (principal: string | string[], condition?: Record<string, unknown>) => ({
  Effect: 'Allow',
  Principal: { AWS: principal },
  Action: 'sts:AssumeRole',
  ...(condition ? { Condition: condition } : {}),
});
const denyAws = (condition: Record<string, unknown>) => ({
  Effect: 'Deny',
  Principal: { AWS: '*' },
  Action: 'sts:AssumeRole',
  Condition: condition,
});
const trusting = (principal: string | string[], condition?: Record<string, unknown>) =>
  doc(allowAws(principal, condition));
const mayAssume = (...roles: string[]) =>
  doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roles.map((r) => arnOf('role', r)) });

export const ROLES: readonly ScenarioRole[] = [
  // The trust shapes, each on a role that can do nothing: role-trust-mfa judges the door, not the room.
  { name: 'trust-root', trust: trusting(ROOT) },
  { name: 'trust-account-id', trust: trusting(ACCOUNT_TOKEN) },
  { name: 'trust-mfa-bool', trust: trusting(ROOT, mfa('true')) },
  { name: 'trust-mfa-ifexists', trust: trusting(ROOT, mfa('true', 'BoolIfExists')) },
  { name: 'trust-deny-ifexists', trust: doc(allowAws(ROOT), denyAws(mfa('false', 'BoolIfExists'))) },
  { name: 'trust-deny-null', trust: doc(allowAws(ROOT), denyAws(mfa('true', 'Null'))) },
  {
    name: 'trust-mfa-age',
    trust: trusting(ROOT, { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }),
  },
  { name: 'trust-null-false', trust: trusting(ROOT, mfa('false', 'Null')) },
  { name: 'trust-user', trust: trusting(arnOf('user', 'plain-user')) },
  { name: 'trust-user-mfa', trust: trusting(arnOf('user', 'plain-user'), mfa('true')) },
  {
    name: 'trust-star-account',
    trust: trusting('*', { StringEquals: { 'aws:PrincipalAccount': ACCOUNT_TOKEN } }),
  },
  {
    name: 'trust-star-mfa',
    trust: trusting('*', { StringEquals: { 'aws:PrincipalAccount': ACCOUNT_TOKEN }, ...mfa('true') }),
  },
  {
    name: 'trust-star-users-like',
    trust: trusting('*', { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT_TOKEN}:user/*` } }),
  },
  {
    name: 'trust-star-roles-like',
    trust: trusting('*', { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT_TOKEN}:role/*` } }),
  },
  {
    name: 'trust-org',
    trust: trusting('*', { StringEquals: { 'aws:PrincipalOrgID': 'o-exampleorgid' } }),
  },
  {
    name: 'trust-root-tagged',
    trust: trusting(ROOT, { StringEquals: { 'aws:PrincipalTag/team': 'platform' } }),
  },
  { name: 'trust-cross', trust: trusting(`arn:aws:iam::${OTHER_ACCOUNT}:root`) },
  { name: 'trust-cross-mfa', trust: trusting(`arn:aws:iam::${OTHER_ACCOUNT}:root`, mfa('true')) },
  {
    name: 'trust-service',
    trust: doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
  },
  {
    name: 'trust-saml',
    trust: doc({
      Effect: 'Allow',
      Principal: { Federated: `arn:aws:iam::${ACCOUNT_TOKEN}:saml-provider/okta` },
      Action: 'sts:AssumeRoleWithSAML',
      Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
    }),
  },
  {
    name: 'trust-oidc',
    trust: doc({
      Effect: 'Allow',
      Principal: {
        Federated: `arn:aws:iam::${ACCOUNT_TOKEN}:oidc-provider/token.actions.githubusercontent.com`,
      },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } },
    }),
  },
  { name: 'trust-role', trust: trusting(arnOf('role', 'deploy')) },
  {
    name: 'AWSServiceRoleForSupport',
    path: '/aws-service-role/support.amazonaws.com/',
    trust: doc({
      Effect: 'Allow',
      Principal: { Service: 'support.amazonaws.com' },
      Action: 'sts:AssumeRole',
    }),
    liveOnly: true,
  },

  // A chain: the account may assume deploy without MFA, deploy may assume chain-admin.
  { name: 'deploy', trust: trusting(ROOT), inline: mayAssume('chain-admin') },
  { name: 'chain-admin', trust: trusting(arnOf('role', 'deploy')), managed: [ADMINISTRATOR_ACCESS] },
  // A cycle: ping and pong trust and may assume each other; pong can create users.
  { name: 'ping', trust: trusting([ROOT, arnOf('role', 'pong')]), inline: mayAssume('pong') },
  {
    name: 'pong',
    trust: trusting(arnOf('role', 'ping')),
    inline: doc(
      { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: arnOf('role', 'ping') },
      { Effect: 'Allow', Action: 'iam:CreateUser', Resource: '*' },
    ),
  },
  // Four hops to admin.
  { name: 'hop1', trust: trusting(ROOT), inline: mayAssume('hop2') },
  { name: 'hop2', trust: trusting(arnOf('role', 'hop1')), inline: mayAssume('hop3') },
  { name: 'hop3', trust: trusting(arnOf('role', 'hop2')), inline: mayAssume('hop4') },
  { name: 'hop4', trust: trusting(arnOf('role', 'hop3')), managed: [ADMINISTRATOR_ACCESS] },
  // Admin roles trusting one user by name: without MFA, and with it.
  { name: 'named-admin', trust: trusting(arnOf('user', 'named-user')), managed: [ADMINISTRATOR_ACCESS] },
  {
    name: 'named-mfa-admin',
    trust: trusting(arnOf('user', 'named-mfa-user'), mfa('true')),
    managed: [ADMINISTRATOR_ACCESS],
  },
];

/** Every user has a console password and no MFA device. */
export const USERS: readonly ScenarioUser[] = [
  { name: 'chain-user', inline: mayAssume('deploy') },
  { name: 'cycle-user', inline: mayAssume('ping') },
  { name: 'deep-user', inline: mayAssume('hop1') },
  { name: 'named-user' },
  { name: 'named-mfa-user' },
  // Roles trust its account and it by name, but its own policies allow no sts:AssumeRole and the trust
  // policies that name it require MFA or grant nothing.
  { name: 'plain-user' },
];

const trust = (name: string, status: 'pass' | 'fail', extra: Partial<Expectation> = {}): Expectation => ({
  check: 'role-trust-mfa',
  name,
  status,
  ...extra,
});
const user = (name: string, status: 'pass' | 'fail', extra: Partial<Expectation> = {}): Expectation => ({
  check: 'console-user-mfa-enforced',
  name,
  status,
  ...extra,
});

export const EXPECTATIONS: readonly Expectation[] = [
  trust('trust-root', 'fail', { message: /with an access key and from a console session/ }),
  trust('trust-account-id', 'fail'),
  trust('trust-mfa-bool', 'pass'),
  // An access key carries no aws:MultiFactorAuthPresent: BoolIfExists true lets it in.
  trust('trust-mfa-ifexists', 'fail', { message: /with an access key/ }),
  trust('trust-deny-ifexists', 'pass'),
  // Denying only the absence of the key leaves a console session without MFA (it carries false).
  trust('trust-deny-null', 'fail', { message: /console session/ }),
  trust('trust-mfa-age', 'pass'),
  trust('trust-null-false', 'fail', { message: /console session/ }),
  trust('trust-user', 'fail', { message: /user\/plain-user/ }),
  trust('trust-user-mfa', 'pass'),
  trust('trust-star-account', 'fail'),
  trust('trust-star-mfa', 'pass'),
  trust('trust-star-users-like', 'fail'),
  trust('trust-star-roles-like', 'pass'),
  trust('trust-org', 'fail'),
  trust('trust-root-tagged', 'fail'),
  trust('trust-cross', 'fail', { trustedAccounts: [OTHER_ACCOUNT], message: /Cross-account trust/ }),
  trust('trust-cross-mfa', 'pass', { trustedAccounts: [OTHER_ACCOUNT] }),
  trust('trust-service', 'pass', { message: /AWS services \(ec2\.amazonaws\.com\)/ }),
  trust('trust-saml', 'pass', { message: /SAML\/OIDC providers/ }),
  trust('trust-oidc', 'pass', { message: /SAML\/OIDC providers/ }),
  trust('trust-role', 'pass', { message: /roles \(/ }),
  { check: 'role-trust-mfa', name: 'AWSServiceRoleForSupport', status: undefined, liveOnly: true },
  trust('deploy', 'fail'),
  trust('chain-admin', 'pass'),
  trust('named-admin', 'fail'),
  trust('named-mfa-admin', 'pass'),
  user('chain-user', 'fail', { chains: [['chain-user -> role/deploy -> role/chain-admin', 2]] }),
  user('cycle-user', 'fail', {
    chains: [
      ['cycle-user -> role/ping', 1],
      ['cycle-user -> role/ping -> role/pong', 2],
    ],
  }),
  user('deep-user', 'fail', {
    chains: [['deep-user -> role/hop1 -> role/hop2 -> role/hop3 -> role/hop4', 4]],
  }),
  user('named-user', 'fail', {
    chains: [['named-user -> role/named-admin', 1]],
    message: /it can assume roles without MFA: named-user -> role\/named-admin/,
  }),
  user('named-mfa-user', 'pass'),
  user('plain-user', 'pass'),
];

/** The scenario's documents with the account filled in. */
export function withAccount<T>(value: T, account: string): T {
  return JSON.parse(JSON.stringify(value).replaceAll(ACCOUNT_TOKEN, account)) as T;
}
