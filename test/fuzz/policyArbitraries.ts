import fc from 'fast-check';
import {
  createActionCatalog,
  MFA_SELF_ENROLMENT_ACTIONS,
  type ActionCatalog,
} from '../../src/policy/index.js';

// Generators for the policy fuzz tests: valid policy documents built from the pieces MFA policies are made of
// (Deny with NotAction and an MFA condition, Allow *, resource-limited statements, IfExists, ForAnyValue,
// policy variables), and broken ones (wrong types, unknown operators, odd unicode, huge lists).

/**
 * A small catalog: every service has at most 25 actions, so the analysis lists every reachable action by
 * name and the tests can compare reachable SETS, not only counts. It holds the self-enrolment actions, the
 * sensitive IAM and STS actions and ordinary ones from services GetSessionToken credentials can call.
 */
export const SMALL_CATALOG: ActionCatalog = createActionCatalog([
  ...MFA_SELF_ENROLMENT_ACTIONS,
  'iam:CreateAccessKey',
  'iam:AttachUserPolicy',
  'iam:PassRole',
  'iam:DeactivateMFADevice',
  'iam:DeleteUser',
  'sts:AssumeRole',
  'sts:GetCallerIdentity',
  'sts:GetSessionToken',
  'sts:GetFederationToken',
  's3:GetObject',
  's3:PutObject',
  's3:ListBucket',
  's3:DeleteBucket',
  'ec2:RunInstances',
  'ec2:DescribeInstances',
  'ec2:TerminateInstances',
  'kms:Decrypt',
  'kms:Encrypt',
  'lambda:InvokeFunction',
]);

const ACTION_PATTERNS = [
  '*',
  'iam:*',
  'sts:*',
  's3:*',
  'ec2:*',
  'kms:*',
  'iam:CreateVirtualMFADevice',
  'iam:EnableMFADevice',
  'iam:GetUser',
  'iam:ListMFADevices',
  'iam:ResyncMFADevice',
  'iam:ChangePassword',
  'iam:CreateAccessKey',
  'iam:*AccessKey*',
  'iam:*MFA*',
  'iam:Get*',
  'iam:List*',
  'sts:GetSessionToken',
  'sts:AssumeRole',
  'sts:Get*',
  's3:Get*',
  's3:PutObject',
  'ec2:Describe*',
  'ec2:RunInstances',
  '*:Get*',
  '*:Describe*',
  'lambda:Invoke?unction',
  'kms:*crypt',
];

const RESOURCES = [
  '*',
  'arn:aws:iam::*:user/${aws:username}',
  'arn:aws:iam::*:mfa/${aws:username}',
  'arn:aws:s3:::bucket/*',
  'arn:aws:s3:::bucket',
  'arn:*:*:*:*:*',
  'arn:aws:*:*:*:*',
  'arn:aws:ec2:*:123456789012:instance/*',
];

/** Operators, as IAM spells them, that parse with every key below. */
export const OPERATORS = [
  'Bool',
  'BoolIfExists',
  'Null',
  'StringEquals',
  'StringNotEquals',
  'StringLike',
  'StringNotLike',
  'StringEqualsIgnoreCase',
  'NumericLessThan',
  'NumericGreaterThan',
  'NumericGreaterThanIfExists',
  'NumericLessThanEqualsIfExists',
  'DateGreaterThan',
  'IpAddress',
  'NotIpAddress',
  'ArnLike',
  'ArnNotLikeIfExists',
  'ForAnyValue:StringLike',
  'ForAllValues:StringEquals',
  'ForAnyValue:StringEqualsIfExists',
];

export const CONDITION_KEYS = [
  'aws:MultiFactorAuthPresent',
  'aws:MultiFactorAuthAge',
  'aws:ViaAWSService',
  'aws:username',
  'aws:SourceIp',
  'aws:PrincipalArn',
  'aws:RequestedRegion',
  'aws:PrincipalTag/team',
  's3:prefix',
];

const CONDITION_VALUES: readonly (string | number | boolean)[] = [
  'true',
  'false',
  true,
  false,
  'False',
  '3600',
  3600,
  0,
  '10.0.0.0/8',
  '${aws:username}',
  'home/${aws:username}/*',
  'alice',
  'us-east-1',
  '*',
  'arn:aws:iam::*:user/*',
  '2020-01-01T00:00:00Z',
];

export type JsonStatement = Record<string, unknown>;

/** A value as IAM lets it be written: a scalar, or a list of one or more. */
function scalarOrList<T>(values: fc.Arbitrary<T>): fc.Arbitrary<T | T[]> {
  return fc.oneof(values, fc.array(values, { minLength: 1, maxLength: 3 }));
}

const conditionBlock: fc.Arbitrary<Record<string, Record<string, unknown>>> = fc.dictionary(
  fc.constantFrom(...OPERATORS),
  fc.dictionary(fc.constantFrom(...CONDITION_KEYS), scalarOrList(fc.constantFrom(...CONDITION_VALUES)), {
    minKeys: 1,
    maxKeys: 2,
  }),
  { minKeys: 1, maxKeys: 2 },
);

/** One statement that parsePolicyDocument accepts. */
export const validStatement: fc.Arbitrary<JsonStatement> = fc
  .record(
    {
      Sid: fc.stringMatching(/^[A-Za-z0-9]{1,12}$/),
      Effect: fc.constantFrom('Allow', 'Deny'),
      actionKind: fc.constantFrom('Action', 'NotAction'),
      actions: scalarOrList(fc.constantFrom(...ACTION_PATTERNS)),
      resourceKind: fc.constantFrom('Resource', 'Resource', 'Resource', 'NotResource'),
      resources: scalarOrList(fc.constantFrom(...RESOURCES)),
      Condition: conditionBlock,
    },
    { requiredKeys: ['Effect', 'actionKind', 'actions', 'resourceKind', 'resources'] },
  )
  .map(({ Sid, Effect, actionKind, actions, resourceKind, resources, Condition }) => ({
    ...(Sid !== undefined ? { Sid } : {}),
    Effect,
    [actionKind]: actions,
    [resourceKind]: resources,
    ...(Condition !== undefined ? { Condition } : {}),
  }));

/** The statements MFA policies are made of, so that verdicts other than "none" come up often. */
export const mfaStatement: fc.Arbitrary<JsonStatement> = fc.oneof(
  validStatement,
  fc.record({
    Effect: fc.constant('Deny'),
    NotAction: fc.subarray(ACTION_PATTERNS.slice(6, 18), { minLength: 1 }),
    Resource: fc.constant('*'),
    Condition: fc.constantFrom(
      { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
      { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
      { Null: { 'aws:MultiFactorAuthPresent': 'true' } },
      { NumericGreaterThanIfExists: { 'aws:MultiFactorAuthAge': '3600' } },
      { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' }, Bool: { 'aws:ViaAWSService': 'false' } },
    ),
  }),
  fc.constant({ Effect: 'Allow', Action: '*', Resource: '*' }),
);

export interface JsonPolicy {
  Version: string;
  Statement: JsonStatement[];
}

export const validPolicy: fc.Arbitrary<JsonPolicy> = fc.record({
  Version: fc.constant('2012-10-17'),
  Statement: fc.array(mfaStatement, { minLength: 1, maxLength: 6 }),
});

// ---------------------------------------------------------------------------------------------------------
// Broken input: anything JSON can hold where the document wants something else.

const oddStrings = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\uFEFF*',
    '\uD800',
    '${aws:username}',
    '${',
    '&{aws:username}',
    '${*}${?}${$}',
    'iam:*\u0301',
    'IAM:CREATEACCESSKEY',
    'iam::',
    ':',
    'a:b:c',
    '*'.repeat(200),
    'iam:' + '*e'.repeat(40) + '*z',
    '%7B%22Statement%22%3A%5B%5D%7D',
    '__proto__',
    'constructor',
    'ForAnyValue:Null',
    'NullIfExists',
    'stringequals',
    'BOOLIFEXISTS',
  ),
);

const scalars = fc.oneof(
  oddStrings,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);

/** Arbitrary JSON-ish values with odd strings, a little nesting and occasionally long lists. */
export const messyValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalars,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(oddStrings, tie('value'), { maxKeys: 3 }),
    fc.array(scalars, { minLength: 50, maxLength: 300 }),
  ),
})).value;

/** A valid statement with one element replaced, removed or added. */
export const brokenStatement: fc.Arbitrary<unknown> = fc.oneof(
  fc
    .tuple(
      validStatement,
      fc.constantFrom(
        'Sid',
        'Effect',
        'Action',
        'NotAction',
        'Resource',
        'NotResource',
        'Condition',
        'Principal',
        'NotPrincipal',
      ),
      fc.oneof(messyValue, fc.constant(undefined)),
    )
    .map(([statement, key, value]) => ({ ...statement, [key]: value })),
  validStatement.map((statement) => ({
    ...statement,
    Condition: {
      [Object.keys((statement.Condition as object | undefined) ?? {})[0] ?? 'Bool']: 'not an object',
    },
  })),
  fc.tuple(validStatement, oddStrings, oddStrings, messyValue).map(([statement, operator, key, value]) => ({
    ...statement,
    Condition: { [operator]: { [key]: value } },
  })),
  messyValue,
);

/** A document whose top level is right and whose statements are (mostly) broken. */
export const brokenPolicy: fc.Arbitrary<{ Version: string; Statement: unknown[] }> = fc.record({
  Version: fc.constant('2012-10-17'),
  Statement: fc.array(fc.oneof(brokenStatement, validStatement), { minLength: 1, maxLength: 5 }),
});

/** Anything at all where a document is expected, including its JSON text cut short. */
export const anyDocument: fc.Arbitrary<unknown> = fc.oneof(
  messyValue,
  brokenPolicy,
  fc.jsonValue(),
  fc.record({ Version: messyValue, Statement: messyValue, Id: messyValue }, { requiredKeys: [] }),
  fc.tuple(validPolicy, fc.double({ min: 0, max: 1, noNaN: true })).map(([policy, cut]) => {
    const text = JSON.stringify(policy);
    return text.slice(0, Math.floor(text.length * cut));
  }),
  validPolicy.map((policy) => encodeURIComponent(JSON.stringify(policy))),
  validPolicy.map((policy) => `\uFEFF${JSON.stringify(policy)}`),
);
