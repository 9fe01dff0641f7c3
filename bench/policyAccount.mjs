// A synthetic but realistic IAM account for the policy-analysis benchmark, built as an IamSnapshot (the raw
// shapes GetAccountAuthorizationDetails and GetCredentialReport return). Everything comes from one seeded
// PRNG, so the same options always give the same account, byte for byte.

export const ACCOUNT_ID = '123456789012';

// The 22 columns of the credential report, in the order AWS documents them.
const REPORT_HEADER = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
].join(',');

/** mulberry32: small, fast, good enough to vary test data; deterministic for a seed. */
export function createRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  const pick = (list) => list[Math.floor(next() * list.length)];
  const chance = (p) => next() < p;
  /** k distinct elements of list (k <= list.length). */
  const sample = (list, k) => {
    const copy = [...list];
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(next() * (copy.length - i));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, k);
  };
  return { next, int, pick, chance, sample };
}

// Real action names of the services customer policies usually grant.
const SERVICE_ACTIONS = {
  s3: ['GetObject', 'PutObject', 'DeleteObject', 'ListBucket', 'GetBucketLocation', 'GetObjectTagging'],
  ec2: ['DescribeInstances', 'StartInstances', 'StopInstances', 'RunInstances', 'CreateTags'],
  dynamodb: ['GetItem', 'PutItem', 'Query', 'Scan', 'UpdateItem', 'BatchGetItem', 'DescribeTable'],
  lambda: ['InvokeFunction', 'GetFunction', 'ListFunctions', 'UpdateFunctionCode'],
  logs: ['CreateLogGroup', 'CreateLogStream', 'PutLogEvents', 'GetLogEvents', 'FilterLogEvents'],
  cloudwatch: ['GetMetricData', 'PutMetricData', 'ListMetrics', 'DescribeAlarms'],
  sqs: ['SendMessage', 'ReceiveMessage', 'DeleteMessage', 'GetQueueAttributes', 'GetQueueUrl'],
  sns: ['Publish', 'Subscribe', 'ListTopics'],
  kms: ['Decrypt', 'Encrypt', 'GenerateDataKey', 'DescribeKey'],
  secretsmanager: ['GetSecretValue', 'DescribeSecret', 'ListSecrets'],
  rds: ['DescribeDBInstances', 'CreateDBSnapshot', 'RebootDBInstance'],
  ecr: ['GetAuthorizationToken', 'BatchGetImage', 'GetDownloadUrlForLayer', 'PutImage'],
  ecs: ['DescribeServices', 'UpdateService', 'RunTask', 'ListClusters'],
  cloudformation: ['DescribeStacks', 'CreateStack', 'UpdateStack', 'ListStacks'],
  iam: ['GetRole', 'ListRoles', 'PassRole', 'ListAttachedRolePolicies'],
  sts: ['AssumeRole'],
  athena: ['StartQueryExecution', 'GetQueryResults', 'GetQueryExecution'],
  glue: ['GetTable', 'GetDatabase', 'GetPartitions', 'StartJobRun'],
  ssm: ['GetParameter', 'GetParameters', 'StartSession'],
  route53: ['ListHostedZones', 'ChangeResourceRecordSets', 'GetHostedZone'],
  kinesis: ['PutRecord', 'GetRecords', 'DescribeStream'],
  states: ['StartExecution', 'DescribeExecution'],
  codebuild: ['StartBuild', 'BatchGetBuilds'],
  cloudtrail: ['LookupEvents', 'DescribeTrails'],
};
const SERVICES = Object.keys(SERVICE_ACTIONS);
const VERB_WILDCARDS = ['Get*', 'List*', 'Describe*', 'Put*', 'Batch*'];

const RESOURCE_FOR = {
  s3: (n) => [`arn:aws:s3:::team-${n}-data`, `arn:aws:s3:::team-${n}-data/*`],
  dynamodb: (n) => [`arn:aws:dynamodb:us-east-1:${ACCOUNT_ID}:table/orders-${n}`],
  lambda: (n) => [`arn:aws:lambda:eu-west-1:${ACCOUNT_ID}:function:svc-${n}-*`],
  sqs: (n) => [`arn:aws:sqs:us-east-1:${ACCOUNT_ID}:queue-${n}`],
  sns: (n) => [`arn:aws:sns:us-east-1:${ACCOUNT_ID}:topic-${n}`],
  kms: (n) => [`arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/${String(n).padStart(8, '0')}-aaaa-bbbb-cccc-dddd`],
  secretsmanager: (n) => [`arn:aws:secretsmanager:us-east-1:${ACCOUNT_ID}:secret:app-${n}/*`],
  logs: (n) => [`arn:aws:logs:*:${ACCOUNT_ID}:log-group:/app/${n}:*`],
};

// MFA self-enrolment as AWS's reference policies exempt it.
const REFERENCE_EXEMPTIONS = [
  'iam:CreateVirtualMFADevice',
  'iam:EnableMFADevice',
  'iam:ListMFADevices',
  'iam:ListUsers',
  'iam:ListVirtualMFADevices',
  'iam:ResyncMFADevice',
];
const OLDER_REFERENCE_EXEMPTIONS = [
  'iam:CreateVirtualMFADevice',
  'iam:EnableMFADevice',
  'iam:GetUser',
  'iam:ChangePassword',
  'iam:ListMFADevices',
  'iam:ListVirtualMFADevices',
  'iam:ResyncMFADevice',
  'sts:GetSessionToken',
];
// What real accounts add "so people can get started": each one a way around MFA.
const LEAKY_EXEMPTIONS = [
  'iam:CreateAccessKey',
  'iam:ListAccessKeys',
  'iam:CreateLoginProfile',
  'iam:DeactivateMFADevice',
  'sts:AssumeRole',
  'iam:AttachUserPolicy',
];

const doc = (...statements) => ({ Version: '2012-10-17', Statement: statements });

/** The AWS reference "self-manage an MFA device" policy (its Deny is BlockMostAccessUnlessSignedInWithMFA). */
function referenceMfaPolicy(exemptions) {
  return doc(
    {
      Sid: 'AllowListActions',
      Effect: 'Allow',
      Action: ['iam:ListUsers', 'iam:ListVirtualMFADevices'],
      Resource: '*',
    },
    {
      Sid: 'AllowUserToCreateVirtualMFADevice',
      Effect: 'Allow',
      Action: ['iam:CreateVirtualMFADevice'],
      Resource: 'arn:aws:iam::*:mfa/*',
    },
    {
      Sid: 'AllowUserToManageTheirOwnMFA',
      Effect: 'Allow',
      Action: ['iam:EnableMFADevice', 'iam:GetMFADevice', 'iam:ListMFADevices', 'iam:ResyncMFADevice'],
      Resource: 'arn:aws:iam::*:user/${aws:username}',
    },
    {
      Sid: 'AllowUserToDeactivateTheirOwnMFAOnlyWhenUsingMFA',
      Effect: 'Allow',
      Action: ['iam:DeactivateMFADevice'],
      Resource: ['arn:aws:iam::*:user/${aws:username}'],
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    },
    {
      Sid: 'BlockMostAccessUnlessSignedInWithMFA',
      Effect: 'Deny',
      NotAction: exemptions,
      Resource: '*',
      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
    },
  );
}

/** The MFA-related policies real accounts have, good and bad, with their share among MFA policies. */
const MFA_POLICY_KINDS = [
  { kind: 'reference-boolifexists', weight: 30, make: () => referenceMfaPolicy(REFERENCE_EXEMPTIONS) },
  { kind: 'older-reference', weight: 10, make: () => referenceMfaPolicy(OLDER_REFERENCE_EXEMPTIONS) },
  {
    kind: 'leaky-exemptions',
    weight: 10,
    make: (random) =>
      referenceMfaPolicy([...REFERENCE_EXEMPTIONS, ...random.sample(LEAKY_EXEMPTIONS, random.int(1, 3))]),
  },
  {
    kind: 'deny-bool',
    weight: 15,
    make: () =>
      doc({
        Sid: 'DenyAllExceptListedIfNoMFA',
        Effect: 'Deny',
        NotAction: OLDER_REFERENCE_EXEMPTIONS,
        Resource: '*',
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
      }),
  },
  {
    kind: 'null-guard-plus-bool',
    weight: 10,
    make: () =>
      doc(
        {
          Sid: 'DenyWithoutMfaKey',
          Effect: 'Deny',
          NotAction: REFERENCE_EXEMPTIONS,
          Resource: '*',
          Condition: { Null: { 'aws:MultiFactorAuthPresent': 'true' } },
        },
        {
          Sid: 'DenyMfaFalse',
          Effect: 'Deny',
          NotAction: REFERENCE_EXEMPTIONS,
          Resource: '*',
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
        },
      ),
  },
  {
    kind: 'deny-s3-only',
    weight: 10,
    make: () =>
      doc({
        Sid: 'DenyS3WithoutMfa',
        Effect: 'Deny',
        Action: 's3:*',
        Resource: '*',
        Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
      }),
  },
  {
    kind: 'mfa-age',
    weight: 10,
    make: (random) =>
      doc({
        Sid: 'DenyStaleMfa',
        Effect: 'Deny',
        NotAction: REFERENCE_EXEMPTIONS,
        Resource: '*',
        Condition: random.chance(0.5)
          ? { NumericGreaterThan: { 'aws:MultiFactorAuthAge': '3600' } }
          : { NumericGreaterThanIfExists: { 'aws:MultiFactorAuthAge': '43200' } },
      }),
  },
  {
    kind: 'allow-only-condition',
    weight: 5,
    make: (random) =>
      doc({
        Sid: 'AllowWithMfa',
        Effect: 'Allow',
        Action: [`${random.pick(SERVICES)}:*`],
        Resource: '*',
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      }),
  },
];

function weightedPick(random, kinds) {
  const total = kinds.reduce((sum, kind) => sum + kind.weight, 0);
  let roll = random.next() * total;
  for (const kind of kinds) {
    roll -= kind.weight;
    if (roll < 0) return kind;
  }
  return kinds[kinds.length - 1];
}

function randomActions(random) {
  const services = random.sample(SERVICES, random.int(1, 3));
  const actions = [];
  for (const service of services) {
    const roll = random.next();
    if (roll < 0.15) actions.push(`${service}:*`);
    else if (roll < 0.45) actions.push(`${service}:${random.pick(VERB_WILDCARDS)}`);
    else {
      const names = random.sample(SERVICE_ACTIONS[service], random.int(1, SERVICE_ACTIONS[service].length));
      actions.push(...names.map((name) => `${service}:${name}`));
    }
  }
  return { services, actions };
}

function randomAllow(random) {
  const { services, actions } = randomActions(random);
  const statement = { Effect: 'Allow', Action: actions.length === 1 ? actions[0] : actions, Resource: '*' };
  const scoped = services.length === 1 && RESOURCE_FOR[services[0]] && random.chance(0.6);
  if (scoped) statement.Resource = RESOURCE_FOR[services[0]](random.int(1, 400));
  const roll = random.next();
  if (roll < 0.04)
    statement.Condition = { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '198.51.100.7/32'] } };
  else if (roll < 0.08)
    statement.Condition = { StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } };
  if (random.chance(0.5)) statement.Sid = `Allow${services.map(capitalise).join('')}${random.int(1, 99)}`;
  return statement;
}

function unrelatedDeny(random) {
  return random.chance(0.5)
    ? {
        Sid: 'DenyOutsideCorpNetwork',
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: {
          NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] },
          Bool: { 'aws:ViaAWSService': 'false' },
        },
      }
    : {
        Sid: 'DenyOtherRegions',
        Effect: 'Deny',
        NotAction: ['iam:*', 'sts:*', 'cloudfront:*', 'route53:*', 'support:*'],
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } },
      };
}

/** An ordinary customer policy: 1-4 Allows, sometimes a NotAction allow or an unrelated Deny. */
function ordinaryPolicy(random) {
  const statements = [];
  const count = random.int(1, 4);
  for (let i = 0; i < count; i++) statements.push(randomAllow(random));
  if (random.chance(0.03)) {
    statements.push({
      Sid: 'PowerUserLike',
      Effect: 'Allow',
      NotAction: ['iam:*', 'organizations:*', 'account:*'],
      Resource: '*',
    });
  }
  if (random.chance(0.05)) statements.push(unrelatedDeny(random));
  return doc(...statements);
}

function boundaryPolicy(random) {
  const services = random.sample(SERVICES, random.int(6, 14));
  return doc(
    { Sid: 'BoundaryAllow', Effect: 'Allow', Action: services.map((s) => `${s}:*`), Resource: '*' },
    {
      Sid: 'BoundaryDenyIamWrites',
      Effect: 'Deny',
      Action: ['iam:Create*', 'iam:Put*', 'iam:Attach*', 'iam:Delete*'],
      Resource: '*',
    },
  );
}

const ALLOW_ALL = doc({ Effect: 'Allow', Action: '*', Resource: '*' });

function capitalise(word) {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * Builds the snapshot. `urlEncodedShare` of documents are sent as GetAccountAuthorizationDetails sends them on
 * the wire (URL-encoded JSON text); the rest are objects (as the aws CLI writes them).
 */
export function generateSnapshot({
  users,
  groups,
  policies,
  roles = 0,
  seed = 20261126,
  urlEncodedShare = 0.5,
}) {
  const random = createRandom(seed);
  const stats = {
    mfaPolicies: {},
    boundaryPolicies: 0,
    urlEncodedDocuments: 0,
    objectDocuments: 0,
    groupInlinePolicies: 0,
    userInlinePolicies: 0,
    userAttachedPolicies: 0,
    admins: 0,
    usersWithBoundary: 0,
    consoleUsers: 0,
    consoleUsersWithMfa: 0,
  };
  // Counts only documents the analysis reads (older, non-default versions are carried but not parsed).
  const encode = (document, analysed = true) => {
    if (random.chance(urlEncodedShare)) {
      if (analysed) stats.urlEncodedDocuments++;
      return encodeURIComponent(JSON.stringify(document));
    }
    if (analysed) stats.objectDocuments++;
    return document;
  };

  const created = (i) => new Date(Date.UTC(2019, 0, 1) + (i % 2000) * 86_400_000).toISOString();

  // Customer managed policies: ~10% MFA-related, ~1% permissions boundaries, the rest ordinary.
  const policyList = [];
  const boundaryArns = [];
  const mfaCount = Math.max(3, Math.round(policies * 0.1));
  const boundaryCount = Math.max(1, Math.round(policies * 0.01));
  for (let i = 0; i < policies; i++) {
    let name;
    let document;
    if (i < mfaCount) {
      // The first three are fixed so that even a small account has a sound enforcer, an unsound condition
      // and a leaky exemption list; the rest are drawn by weight.
      const fixed = ['reference-boolifexists', 'deny-bool', 'leaky-exemptions'][i];
      const kind = fixed
        ? MFA_POLICY_KINDS.find((candidate) => candidate.kind === fixed)
        : weightedPick(random, MFA_POLICY_KINDS);
      stats.mfaPolicies[kind.kind] = (stats.mfaPolicies[kind.kind] ?? 0) + 1;
      name = `mfa-${kind.kind}-${i}`;
      document = kind.make(random);
    } else if (i < mfaCount + boundaryCount) {
      name = `boundary-${i}`;
      document = boundaryPolicy(random);
      stats.boundaryPolicies++;
    } else {
      name = `app-${SERVICES[i % SERVICES.length]}-${i}`;
      document = ordinaryPolicy(random);
    }
    const arn = `arn:aws:iam::${ACCOUNT_ID}:policy/${name}`;
    if (name.startsWith('boundary-')) boundaryArns.push(arn);
    policyList.push({
      PolicyName: name,
      PolicyId: `ANPA${String(i).padStart(17, '0')}`,
      Arn: arn,
      Path: '/',
      DefaultVersionId: 'v2',
      PolicyVersionList: [
        { VersionId: 'v2', IsDefaultVersion: true, Document: encode(document) },
        ...(random.chance(0.2)
          ? [{ VersionId: 'v1', IsDefaultVersion: false, Document: encode(ALLOW_ALL, false) }]
          : []),
      ],
    });
  }
  // Shuffle so MFA policies are spread over the attachment draws, not clustered by index.
  const attachable = random.sample(
    policyList.filter((p) => !p.PolicyName.startsWith('boundary-')).map((p) => p.Arn),
    policies - boundaryArns.length,
  );
  const adminArn = 'arn:aws:iam::aws:policy/AdministratorAccess';
  policyList.push({
    PolicyName: 'AdministratorAccess',
    PolicyId: 'ANPAIWMBCKSKIEE64ZLYK',
    Arn: adminArn,
    Path: '/',
    DefaultVersionId: 'v1',
    PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: encode(ALLOW_ALL) }],
  });

  const groupList = [];
  for (let g = 0; g < groups; g++) {
    const name = `team-${g}`;
    const attached = random.sample(attachable, Math.min(attachable.length, random.int(1, 6)));
    // Like most accounts, one group exists to enforce MFA: it holds the reference policy.
    if (g === 0 && !attached.includes(policyList[0].Arn)) attached.push(policyList[0].Arn);
    const inline = random.chance(0.3)
      ? [
          {
            PolicyName: `${name}-inline`,
            PolicyDocument: encode(
              random.chance(0.1)
                ? weightedPick(random, MFA_POLICY_KINDS).make(random)
                : ordinaryPolicy(random),
            ),
          },
        ]
      : [];
    stats.groupInlinePolicies += inline.length;
    groupList.push({
      Path: '/',
      GroupName: name,
      GroupId: `AGPA${String(g).padStart(17, '0')}`,
      Arn: `arn:aws:iam::${ACCOUNT_ID}:group/${name}`,
      CreateDate: created(g),
      GroupPolicyList: inline,
      AttachedManagedPolicies: attached.map((arn) => ({ PolicyArn: arn, PolicyName: arn.split('/').pop() })),
    });
  }
  const groupNames = groupList.map((group) => group.GroupName);

  const userList = [];
  const reportRows = [REPORT_HEADER];
  for (let u = 0; u < users; u++) {
    const name = `user-${String(u).padStart(5, '0')}`;
    const path = random.chance(0.2) ? '/engineering/' : '/';
    const arn = `arn:aws:iam::${ACCOUNT_ID}:user${path}${name}`;
    const attached = [];
    const roll = random.next();
    const direct = roll < 0.6 ? 0 : roll < 0.85 ? 1 : 2;
    attached.push(...random.sample(attachable, Math.min(direct, attachable.length)));
    const inline = [];
    if (random.chance(0.005)) {
      stats.admins++;
      if (random.chance(0.5)) attached.push(adminArn);
      else inline.push({ PolicyName: 'break-glass-admin', PolicyDocument: encode(ALLOW_ALL) });
    }
    if (random.chance(0.05)) {
      inline.push({ PolicyName: `${name}-scratch`, PolicyDocument: encode(ordinaryPolicy(random)) });
    }
    stats.userAttachedPolicies += attached.length;
    stats.userInlinePolicies += inline.length;
    const boundary = random.chance(0.05) ? random.pick(boundaryArns) : undefined;
    if (boundary) stats.usersWithBoundary++;
    userList.push({
      Path: path,
      UserName: name,
      UserId: `AIDA${String(u).padStart(17, '0')}`,
      Arn: arn,
      CreateDate: created(u),
      UserPolicyList: inline,
      GroupList: random.sample(groupNames, Math.min(3, groupNames.length)),
      AttachedManagedPolicies: attached.map((a) => ({ PolicyArn: a, PolicyName: a.split('/').pop() })),
      ...(boundary ? { PermissionsBoundary: { PermissionsBoundaryArn: boundary } } : {}),
      Tags: random.chance(0.3) ? [{ Key: 'team', Value: random.pick(groupNames) }] : [],
    });

    const password = random.chance(0.7);
    const mfa = password ? random.chance(0.6) : random.chance(0.05);
    if (password) stats.consoleUsers++;
    if (password && mfa) stats.consoleUsersWithMfa++;
    const keys = random.chance(0.4) ? random.int(1, 2) : 0;
    const when = created(u).replace('.000Z', '+00:00');
    reportRows.push(
      [
        name,
        arn,
        when,
        String(password),
        password ? when : 'N/A',
        password ? when : 'N/A',
        'N/A',
        String(mfa),
        String(keys >= 1),
        keys >= 1 ? when : 'N/A',
        'N/A',
        'N/A',
        'N/A',
        String(keys >= 2),
        keys >= 2 ? when : 'N/A',
        'N/A',
        'N/A',
        'N/A',
        'false',
        'N/A',
        'false',
        'N/A',
      ].join(','),
    );
  }

  const snapshot = {
    origin: { kind: 'aws' },
    accountId: ACCOUNT_ID,
    authorizationDetails: {
      UserDetailList: userList,
      GroupDetailList: groupList,
      RoleDetailList: generateRoles(roles, seed, policyList, stats),
      Policies: policyList,
    },
    credentialReport: { csv: reportRows.join('\n'), origin: 'bench' },
    accountSummary: {
      AccountMFAEnabled: 1,
      AccountPasswordPresent: 0,
      AccountAccessKeysPresent: 0,
      Users: users,
      Groups: groups,
      Policies: policies,
    },
    virtualMfaDevices: [],
    perUser: new Map(),
  };
  return { snapshot, stats };
}

/**
 * Roles, from their own PRNG so that the users, groups and policies stay what they were without roles: 10%
 * trust the account (its users), half of those requiring MFA; 20% are reached through those by role chaining,
 * up to depth 4; the rest are trusted by AWS services; a few are service-linked. Every role has one or two
 * customer managed policies, and the ones others chain to may assume any role of the account.
 */
function generateRoles(count, seed, policyList, stats) {
  const random = createRandom(seed + 7);
  const arnOf = (name) => `arn:aws:iam::${ACCOUNT_ID}:role/${name}`;
  const ordinary = policyList.filter(
    (p) => !p.PolicyName.startsWith('mfa-') && !p.PolicyName.includes('boundary'),
  );
  const roles = [];
  const depths = [];
  stats.roles = { total: count, trustingUsers: 0, trustingUsersWithoutMfa: 0, chained: 0, maxDepth: 0 };
  const assumeAny = {
    PolicyName: 'assume-roles',
    PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: arnOf('*') }),
  };
  for (let i = 0; i < count; i++) {
    const name = `role-${i}`;
    const kind =
      i < 5 ? 'service-linked' : random.chance(0.1) ? 'users' : random.chance(0.22) ? 'chain' : 'service';
    let trust;
    let depth = 0;
    let path = '/';
    if (kind === 'users' || (kind === 'chain' && !depths.some((d, k) => d > 0 && d < 4 && roles[k]))) {
      const mfa = random.chance(0.5);
      trust = doc({
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` },
        Action: 'sts:AssumeRole',
        ...(mfa ? { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } } : {}),
      });
      depth = 1;
      stats.roles.trustingUsers++;
      if (!mfa) stats.roles.trustingUsersWithoutMfa++;
    } else if (kind === 'chain') {
      const parents = depths.map((d, k) => (d > 0 && d < 4 ? k : -1)).filter((k) => k >= 0);
      const parent = random.pick(parents);
      trust = doc({ Effect: 'Allow', Principal: { AWS: arnOf(`role-${parent}`) }, Action: 'sts:AssumeRole' });
      depth = depths[parent] + 1;
      stats.roles.chained++;
    } else {
      if (kind === 'service-linked') path = `/aws-service-role/svc${i}.amazonaws.com/`;
      trust = doc({
        Effect: 'Allow',
        Principal: {
          Service: random.pick(['ec2.amazonaws.com', 'lambda.amazonaws.com', 'ecs-tasks.amazonaws.com']),
        },
        Action: 'sts:AssumeRole',
      });
    }
    stats.roles.maxDepth = Math.max(stats.roles.maxDepth, depth);
    depths.push(depth);
    const attached = random.sample(ordinary, Math.min(random.int(1, 2), ordinary.length));
    roles.push({
      Path: path,
      RoleName: name,
      RoleId: `AROA${String(i).padStart(17, '0')}`,
      Arn: `arn:aws:iam::${ACCOUNT_ID}:role${path}${name}`,
      AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trust)),
      RolePolicyList: depth > 0 && depth < 4 ? [assumeAny] : [],
      AttachedManagedPolicies: attached.map((p) => ({ PolicyArn: p.Arn, PolicyName: p.PolicyName })),
    });
  }
  return roles;
}
