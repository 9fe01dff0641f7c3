import { beforeAll, describe, expect, it } from 'vitest';
import {
  analyzeEnforcementPolicy,
  loadActionCatalog,
  parsePolicyDocument,
  type ActionCatalog,
} from '../../policy/index.js';
import { renderPolicyDocument } from './policyDocument.js';
import { isTfUnknown, tfUnknown, type TfObject, type TfValue } from './value.js';

// Expected outputs follow the AWS provider's documentation examples (website/docs/d/iam_policy_document)
// as the current provider renders them: an empty Sid is omitted, multi-item sets are reverse-sorted.

const minified = (attrs: TfObject): TfValue => renderPolicyDocument(attrs).minifiedJson;
const json = (document: unknown): string => JSON.stringify(document);

interface Case {
  readonly name: string;
  readonly attrs: TfObject;
  readonly expected: unknown;
}

const CASES: readonly Case[] = [
  {
    name: 'defaults: Version 2012-10-17, Effect Allow, a single item as a string',
    attrs: { statement: [{ actions: ['s3:GetObject'], resources: ['*'] }] },
    expected: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
    },
  },
  {
    name: 'the basic example: reverse-sorted sets, ordered condition values, &{} policy variables',
    attrs: {
      statement: [
        { sid: '1', actions: ['s3:ListAllMyBuckets', 's3:GetBucketLocation'], resources: ['arn:aws:s3:::*'] },
        {
          actions: ['s3:ListBucket'],
          resources: ['arn:aws:s3:::mybucket'],
          condition: [
            { test: 'StringLike', variable: 's3:prefix', values: ['', 'home/', 'home/&{aws:username}/'] },
          ],
        },
        {
          actions: ['s3:*'],
          resources: [
            'arn:aws:s3:::mybucket/home/&{aws:username}',
            'arn:aws:s3:::mybucket/home/&{aws:username}/*',
          ],
        },
      ],
    },
    expected: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: '1',
          Effect: 'Allow',
          Action: ['s3:ListAllMyBuckets', 's3:GetBucketLocation'],
          Resource: 'arn:aws:s3:::*',
        },
        {
          Effect: 'Allow',
          Action: 's3:ListBucket',
          Resource: 'arn:aws:s3:::mybucket',
          Condition: { StringLike: { 's3:prefix': ['', 'home/', 'home/${aws:username}/'] } },
        },
        {
          Effect: 'Allow',
          Action: 's3:*',
          Resource: [
            'arn:aws:s3:::mybucket/home/${aws:username}/*',
            'arn:aws:s3:::mybucket/home/${aws:username}',
          ],
        },
      ],
    },
  },
  {
    name: 'condition blocks with the same test merge into one operator',
    attrs: {
      statement: [
        {
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: ['*'],
          condition: [
            { test: 'ForAnyValue:StringEquals', variable: 'kms:EncryptionContext:service', values: ['pi'] },
            {
              test: 'ForAnyValue:StringEquals',
              variable: 'kms:EncryptionContext:aws:pi:service',
              values: ['rds'],
            },
          ],
        },
      ],
    },
    expected: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
          Resource: '*',
          Condition: {
            'ForAnyValue:StringEquals': {
              'kms:EncryptionContext:aws:pi:service': 'rds',
              'kms:EncryptionContext:service': 'pi',
            },
          },
        },
      ],
    },
  },
  {
    name: 'the same test and variable in two blocks concatenate their values',
    attrs: {
      statement: [
        {
          effect: 'Deny',
          not_actions: ['iam:ChangePassword'],
          resources: ['*'],
          condition: [
            { test: 'StringNotEquals', variable: 'aws:username', values: ['alice'] },
            { test: 'StringNotEquals', variable: 'aws:username', values: ['bob', 'carol'] },
            { test: 'BoolIfExists', variable: 'aws:MultiFactorAuthPresent', values: ['false'] },
          ],
        },
      ],
    },
    expected: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          NotAction: 'iam:ChangePassword',
          Resource: '*',
          Condition: {
            BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' },
            StringNotEquals: { 'aws:username': ['alice', 'bob', 'carol'] },
          },
        },
      ],
    },
  },
  {
    name: 'principals of several types; a type "*" with identifier "*" alone renders as "*"',
    attrs: {
      statement: [
        {
          actions: ['sts:AssumeRole'],
          principals: [
            { type: 'Service', identifiers: ['firehose.amazonaws.com'] },
            { type: 'AWS', identifiers: ['arn:aws:iam::123456789012:role/trusted'] },
            {
              type: 'Federated',
              identifiers: ['arn:aws:iam::123456789012:saml-provider/corp', 'cognito-identity.amazonaws.com'],
            },
          ],
        },
        { sid: 'Anyone', actions: ['s3:GetObject'], principals: [{ type: '*', identifiers: ['*'] }] },
        { sid: 'AnyAws', actions: ['s3:GetObject'], principals: [{ type: 'AWS', identifiers: ['*'] }] },
        {
          sid: 'SameType',
          actions: ['s3:GetObject'],
          not_principals: [
            { type: 'AWS', identifiers: ['arn:aws:iam::111111111111:root'] },
            {
              type: 'AWS',
              identifiers: ['arn:aws:iam::222222222222:root', 'arn:aws:iam::333333333333:root'],
            },
          ],
          not_resources: ['arn:aws:s3:::b/&{aws:userid}/*'],
        },
      ],
    },
    expected: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Principal: {
            AWS: 'arn:aws:iam::123456789012:role/trusted',
            Federated: ['cognito-identity.amazonaws.com', 'arn:aws:iam::123456789012:saml-provider/corp'],
            Service: 'firehose.amazonaws.com',
          },
        },
        { Sid: 'Anyone', Effect: 'Allow', Action: 's3:GetObject', Principal: '*' },
        { Sid: 'AnyAws', Effect: 'Allow', Action: 's3:GetObject', Principal: { AWS: '*' } },
        {
          Sid: 'SameType',
          Effect: 'Allow',
          Action: 's3:GetObject',
          NotResource: 'arn:aws:s3:::b/${aws:userid}/*',
          NotPrincipal: {
            AWS: [
              'arn:aws:iam::111111111111:root',
              'arn:aws:iam::333333333333:root',
              'arn:aws:iam::222222222222:root',
            ],
          },
        },
      ],
    },
  },
  {
    name: 'a source document: this document replaces the statement with the same Sid in place',
    attrs: {
      source_policy_documents: [
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"},{"Sid":"SidToOverride","Effect":"Allow","Action":"s3:*","Resource":"*"}]}',
      ],
      statement: [
        {
          sid: 'SidToOverride',
          actions: ['s3:*'],
          resources: ['arn:aws:s3:::somebucket', 'arn:aws:s3:::somebucket/*'],
        },
      ],
    },
    expected: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'ec2:*', Resource: '*' },
        {
          Sid: 'SidToOverride',
          Effect: 'Allow',
          Action: 's3:*',
          Resource: ['arn:aws:s3:::somebucket/*', 'arn:aws:s3:::somebucket'],
        },
      ],
    },
  },
  {
    name: 'an override document replaces this document’s statement with the same Sid',
    attrs: {
      override_policy_documents: [
        '{"Version":"2012-10-17","Statement":[{"Sid":"SidToOverride","Effect":"Allow","Action":"s3:*","Resource":"*"}]}',
      ],
      statement: [
        { actions: ['ec2:*'], resources: ['*'] },
        {
          sid: 'SidToOverride',
          actions: ['s3:*'],
          resources: ['arn:aws:s3:::somebucket', 'arn:aws:s3:::somebucket/*'],
        },
      ],
    },
    expected: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'ec2:*', Resource: '*' },
        { Sid: 'SidToOverride', Effect: 'Allow', Action: 's3:*', Resource: '*' },
      ],
    },
  },
  {
    name: 'source and override documents together',
    attrs: {
      source_policy_documents: [
        '{"Version":"2012-10-17","Statement":[{"Sid":"OverridePlaceholder","Effect":"Allow","Action":"ec2:DescribeAccountAttributes","Resource":"*"}]}',
      ],
      override_policy_documents: [
        '{"Version":"2012-10-17","Statement":[{"Sid":"OverridePlaceholder","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
      ],
    },
    expected: {
      Version: '2012-10-17',
      Statement: [{ Sid: 'OverridePlaceholder', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
    },
  },
  {
    name: 'several source documents are concatenated in order',
    attrs: {
      source_policy_documents: [
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"},{"Sid":"UniqueSidOne","Effect":"Allow","Action":"s3:*","Resource":"*"}]}',
        '{"Version":"2012-10-17","Statement":[{"Sid":"UniqueSidTwo","Effect":"Allow","Action":"iam:*","Resource":"*"},{"Effect":"Allow","Action":"lambda:*","Resource":"*"}]}',
      ],
    },
    expected: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'ec2:*', Resource: '*' },
        { Sid: 'UniqueSidOne', Effect: 'Allow', Action: 's3:*', Resource: '*' },
        { Sid: 'UniqueSidTwo', Effect: 'Allow', Action: 'iam:*', Resource: '*' },
        { Effect: 'Allow', Action: 'lambda:*', Resource: '*' },
      ],
    },
  },
  {
    name: 'override documents apply one after another, each replacing Sids in place',
    attrs: {
      override_policy_documents: [
        '{"Version":"2012-10-17","Statement":[{"Sid":"OverridePlaceholderOne","Effect":"Allow","Action":"s3:*","Resource":"*"}]}',
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"},{"Sid":"OverridePlaceholderTwo","Effect":"Allow","Action":"iam:*","Resource":"*"}]}',
        '{"Version":"2012-10-17","Statement":[{"Sid":"OverridePlaceholderOne","Effect":"Deny","Action":"logs:*","Resource":"*"}]}',
      ],
      statement: [{ sid: 'OverridePlaceholderTwo', effect: 'Deny', actions: ['*'], resources: ['*'] }],
    },
    expected: {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'OverridePlaceholderTwo', Effect: 'Allow', Action: 'iam:*', Resource: '*' },
        { Sid: 'OverridePlaceholderOne', Effect: 'Deny', Action: 'logs:*', Resource: '*' },
        { Effect: 'Allow', Action: 'ec2:*', Resource: '*' },
      ],
    },
  },
  {
    name: 'statements read back from JSON: keys match case-insensitively, a string Principal becomes "*", identifiers reverse-sort',
    attrs: {
      source_policy_documents: [
        '{"version":"2012-10-17","statement":[{"sid":"A","effect":"Deny","action":["b:y","a:x"],"notresource":"arn:x","principal":"anything"},{"Sid":"B","Effect":"Allow","Action":"s3:*","Principal":{"AWS":["arn:a","arn:c","arn:b"],"Service":"x.amazonaws.com"}}]}',
      ],
    },
    expected: {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'A', Effect: 'Deny', Action: ['b:y', 'a:x'], NotResource: 'arn:x', Principal: '*' },
        {
          Sid: 'B',
          Effect: 'Allow',
          Action: 's3:*',
          Principal: { AWS: ['arn:c', 'arn:b', 'arn:a'], Service: 'x.amazonaws.com' },
        },
      ],
    },
  },
  {
    name: 'conditions read back from JSON: a bool becomes a string, a number is dropped (provider issue #27020)',
    attrs: {
      source_policy_documents: [
        '{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":false},"NumericGreaterThan":{"aws:MultiFactorAuthAge":3600},"StringEquals":{"aws:username":["a","b"]}}}]}',
      ],
    },
    expected: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: {
            BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' },
            StringEquals: { 'aws:username': ['a', 'b'] },
          },
        },
      ],
    },
  },
  {
    name: 'policy_id becomes Id, and version 2008-10-17 is kept',
    attrs: {
      version: '2008-10-17',
      policy_id: 'mine',
      statement: [{ actions: ['s3:GetObject'] }],
    },
    expected: { Version: '2008-10-17', Id: 'mine', Statement: [{ Effect: 'Allow', Action: 's3:GetObject' }] },
  },
  {
    name: 'an override document upgrades the version and replaces the Id',
    attrs: {
      version: '2008-10-17',
      policy_id: 'mine',
      override_policy_documents: ['{"Version":"2012-10-17","Id":"theirs"}'],
    },
    expected: { Version: '2012-10-17', Id: 'theirs' },
  },
  {
    name: 'blocks of one principal type, or one test and variable, concatenate in the SDK set order (crc32)',
    attrs: {
      statement: [
        {
          actions: ['a:b'],
          principals: [
            { type: 'AWS', identifiers: ['arn:z'] },
            { type: 'AWS', identifiers: ['arn:m'] },
            { type: 'AWS', identifiers: ['arn:a'] },
          ],
          condition: [
            { test: 'StringEquals', variable: 'k', values: ['z'] },
            { test: 'StringEquals', variable: 'k', values: ['m'] },
            { test: 'StringEquals', variable: 'k', values: ['a'] },
          ],
        },
      ],
    },
    expected: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'a:b',
          Principal: { AWS: ['arn:z', 'arn:m', 'arn:a'] },
          Condition: { StringEquals: { k: ['m', 'z', 'a'] } },
        },
      ],
    },
  },
  {
    name: 'a Sid with punctuation renders as given (provider v5; v6 rejects it)',
    attrs: { statement: [{ sid: 'a-b c', actions: ['s3:GetObject'] }] },
    expected: {
      Version: '2012-10-17',
      Statement: [{ Sid: 'a-b c', Effect: 'Allow', Action: 's3:GetObject' }],
    },
  },
  {
    name: 'no statements at all',
    attrs: {},
    expected: { Version: '2012-10-17' },
  },
  {
    name: 'identical principal and condition blocks collapse (they are sets); empty values stay lists',
    attrs: {
      statement: [
        {
          actions: ['s3:GetObject', 's3:GetObject'],
          principals: [
            { type: 'AWS', identifiers: ['arn:a'] },
            { type: 'AWS', identifiers: ['arn:a'] },
          ],
          condition: [
            { test: 'StringEquals', variable: 'k', values: ['v'] },
            { test: 'StringEquals', variable: 'k', values: ['v'] },
            { test: 'StringLike', variable: 'e', values: [] },
          ],
        },
      ],
    },
    expected: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 's3:GetObject',
          Principal: { AWS: 'arn:a' },
          Condition: { StringEquals: { k: 'v' }, StringLike: { e: [] } },
        },
      ],
    },
  },
];

describe('renderPolicyDocument', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(minified(c.attrs)).toBe(json(c.expected));
    expect(renderPolicyDocument(c.attrs).document).toEqual(c.expected);
  });

  it('writes json indented by two spaces, as json.MarshalIndent does', () => {
    const rendered = renderPolicyDocument({
      statement: [{ sid: 'A', actions: ['s3:B', 's3:A'], resources: ['*'] }],
    });
    expect(rendered.json).toBe(
      [
        '{',
        '  "Version": "2012-10-17",',
        '  "Statement": [',
        '    {',
        '      "Sid": "A",',
        '      "Effect": "Allow",',
        '      "Action": [',
        '        "s3:B",',
        '        "s3:A"',
        '      ],',
        '      "Resource": "*"',
        '    }',
        '  ]',
        '}',
      ].join('\n'),
    );
  });

  it('escapes <, > and & as encoding/json does, and writes map keys in Go order', () => {
    const rendered = renderPolicyDocument({
      statement: [
        {
          actions: ['s3:GetObject'],
          condition: [
            { test: 'StringEquals', variable: 'x:9', values: ['a<b>&c'] },
            { test: 'StringEquals', variable: 'x:10', values: ['d'] },
          ],
        },
      ],
    });
    expect(rendered.minifiedJson).toBe(
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Condition":{"StringEquals":{"x:10":"d","x:9":"a\\u003cb\\u003e\\u0026c"}}}]}',
    );
  });

  it('turns &{ into ${ in resources, principals and condition values but not in actions', () => {
    const document = renderPolicyDocument({
      statement: [
        {
          actions: ['s3:&{x}'],
          resources: ['arn:aws:s3:::b/&{aws:username}'],
          principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::1:user/&{aws:username}'] }],
          condition: [{ test: 'StringLike', variable: 'aws:userid', values: ['&{aws:username}'] }],
        },
      ],
    }).document;
    expect(document).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 's3:&{x}',
          Resource: 'arn:aws:s3:::b/${aws:username}',
          Principal: { AWS: 'arn:aws:iam::1:user/${aws:username}' },
          Condition: { StringLike: { 'aws:userid': '${aws:username}' } },
        },
      ],
    });
  });

  it('follows provider v4 for the deprecated source_json and override_json', () => {
    const document = renderPolicyDocument({
      source_json: '{"Statement":[{"Sid":"A","Effect":"Allow","Action":"a:*"}]}',
      source_policy_documents: ['{"Statement":[{"Sid":"B","Effect":"Allow","Action":"b:*"}]}'],
      override_policy_documents: ['{"Statement":[{"Sid":"A","Effect":"Deny","Action":"c:*"}]}'],
      override_json: '{"Statement":[{"Sid":"A","Effect":"Deny","Action":"d:*"}]}',
    }).document;
    expect(document).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'A', Effect: 'Deny', Action: 'd:*' },
        { Sid: 'B', Effect: 'Allow', Action: 'b:*' },
      ],
    });
  });
});

describe('what the provider rejects is unknown, never a guess', () => {
  it.each<[string, TfObject]>([
    [
      'a Sid repeated across source documents',
      {
        source_policy_documents: [
          '{"Statement":[{"Sid":"A","Effect":"Allow","Action":"a:*"}]}',
          '{"Statement":[{"Sid":"A","Effect":"Allow","Action":"b:*"}]}',
        ],
      },
    ],
    ['a Sid repeated in the statements', { statement: [{ sid: 'A' }, { sid: 'A' }] }],
    ['an effect other than Allow or Deny', { statement: [{ effect: 'allow' }] }],
    ['an unsupported version', { version: '2024-01-01' }],
    [
      '&{ in a 2008-10-17 document',
      { version: '2008-10-17', statement: [{ resources: ['&{aws:username}'] }] },
    ],
    ['a source document that is not JSON', { source_policy_documents: ['{'] }],
    [
      'a Statement that is an object, not a list',
      { source_policy_documents: ['{"Statement":{"Effect":"Allow"}}'] },
    ],
    [
      'a null Principal in a source document',
      { source_policy_documents: ['{"Statement":[{"Principal":null}]}'] },
    ],
    ['a condition block without values', { statement: [{ condition: [{ test: 'Bool', variable: 'k' }] }] }],
  ])('%s', (_name, attrs) => {
    const rendered = renderPolicyDocument(attrs);
    expect(isTfUnknown(rendered.json)).toBe(true);
    expect(isTfUnknown(rendered.minifiedJson)).toBe(true);
    expect(isTfUnknown(rendered.document)).toBe(true);
    expect((rendered.json as { reason: string }).reason).toContain('aws_iam_policy_document');
  });

  it('an unknown anywhere in the inputs makes the whole document unknown, with its reason', () => {
    const arn = tfUnknown('aws_s3_bucket.b.arn is known only after apply');
    const inputs: TfObject[] = [
      { statement: [{ actions: ['s3:GetObject'], resources: [arn] }] },
      {
        statement: [
          { actions: ['s3:GetObject'], condition: [{ test: 'Bool', variable: 'k', values: [arn] }] },
        ],
      },
      { source_policy_documents: [arn] },
      { statement: arn },
    ];
    for (const attrs of inputs) {
      const rendered = renderPolicyDocument(attrs);
      expect(rendered.json).toBe(arn);
      expect(rendered.minifiedJson).toBe(arn);
      expect(rendered.document).toBe(arn);
    }
  });
});

describe('the rendered document means what the policy analysis expects', () => {
  let catalog: ActionCatalog;
  beforeAll(async () => {
    catalog = await loadActionCatalog();
  });

  // AWS's "self-manage MFA device" policy, as Terraform users write it with this data source.
  const selfManageMfa = (test: string): TfObject => ({
    statement: [
      { sid: 'AllowListActions', actions: ['iam:ListUsers', 'iam:ListVirtualMFADevices'], resources: ['*'] },
      {
        sid: 'AllowUserToCreateVirtualMFADevice',
        actions: ['iam:CreateVirtualMFADevice'],
        resources: ['arn:aws:iam::*:mfa/*'],
      },
      {
        sid: 'AllowUserToManageTheirOwnMFA',
        actions: ['iam:EnableMFADevice', 'iam:GetMFADevice', 'iam:ListMFADevices', 'iam:ResyncMFADevice'],
        resources: ['arn:aws:iam::*:user/&{aws:username}'],
      },
      {
        sid: 'AllowUserToDeactivateTheirOwnMFAOnlyWhenUsingMFA',
        actions: ['iam:DeactivateMFADevice'],
        resources: ['arn:aws:iam::*:user/&{aws:username}'],
        condition: [{ test: 'Bool', variable: 'aws:MultiFactorAuthPresent', values: ['true'] }],
      },
      {
        sid: 'BlockMostAccessUnlessSignedInWithMFA',
        effect: 'Deny',
        not_actions: [
          'iam:CreateVirtualMFADevice',
          'iam:EnableMFADevice',
          'iam:ListMFADevices',
          'iam:ListUsers',
          'iam:ListVirtualMFADevices',
          'iam:ResyncMFADevice',
        ],
        resources: ['*'],
        condition: [{ test, variable: 'aws:MultiFactorAuthPresent', values: ['false'] }],
      },
    ],
  });

  const verdictOf = (attrs: TfObject) => {
    const rendered = renderPolicyDocument(attrs);
    expect(typeof rendered.json).toBe('string');
    return analyzeEnforcementPolicy(parsePolicyDocument(rendered.json, 't'), { catalog }).verdict;
  };

  it('the Deny with BoolIfExists enforces MFA', () => {
    expect(verdictOf(selfManageMfa('BoolIfExists'))).toBe('enforced');
  });

  it('the same Deny with plain Bool does not (access keys carry no MFA key)', () => {
    expect(verdictOf(selfManageMfa('Bool'))).not.toBe('enforced');
  });
});
