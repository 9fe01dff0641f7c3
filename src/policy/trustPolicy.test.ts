import { describe, expect, it } from 'vitest';
import { parsePolicyDocument } from './parsePolicyDocument.js';
import { admits, analyzeTrustPolicy, type TrustAnalysis } from './trustPolicy.js';

const HERE = '111111111111';
const OTHER = '222222222222';

function trust(...statements: Record<string, unknown>[]): TrustAnalysis {
  return analyzeTrustPolicy(
    parsePolicyDocument({ Version: '2012-10-17', Statement: statements }, 'trust.json'),
  );
}

const assume = (principal: unknown, extra: Record<string, unknown> = {}) => ({
  Effect: 'Allow',
  Principal: principal,
  Action: 'sts:AssumeRole',
  ...extra,
});

const MFA_TRUE = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };

/** For each IAM-user principal: [value, access key admitted, console session admitted]. */
function verdicts(analysis: TrustAnalysis): [string, boolean, boolean][] {
  return analysis.users.map((entry) => [
    entry.principal.value,
    admits(entry.accessKey),
    admits(entry.console),
  ]);
}

describe('analyzeTrustPolicy: who may assume the role without MFA', () => {
  it('the account root without a condition lets every user of the account in, both ways', () => {
    expect(verdicts(trust(assume({ AWS: `arn:aws:iam::${HERE}:root` })))).toEqual([
      [`arn:aws:iam::${HERE}:root`, true, true],
    ]);
    // The bare account id means the same.
    expect(verdicts(trust(assume({ AWS: HERE })))).toEqual([[HERE, true, true]]);
  });

  it('Bool aws:MultiFactorAuthPresent true refuses both an access key (key absent) and a console session', () => {
    expect(verdicts(trust(assume({ AWS: HERE }, { Condition: MFA_TRUE })))).toEqual([[HERE, false, false]]);
  });

  it('BoolIfExists true in the Allow lets an access key in: the key is absent, so the condition holds', () => {
    const analysis = trust(
      assume({ AWS: HERE }, { Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } } }),
    );
    expect(verdicts(analysis)).toEqual([[HERE, true, false]]);
  });

  it('Null aws:MultiFactorAuthAge false (the key must be present) requires MFA', () => {
    const analysis = trust(
      assume({ AWS: HERE }, { Condition: { Null: { 'aws:MultiFactorAuthAge': 'false' } } }),
    );
    expect(verdicts(analysis)).toEqual([[HERE, false, false]]);
  });

  it('a Deny on the absence of MFA (BoolIfExists false) requires it whatever the Allow says', () => {
    const analysis = trust(assume({ AWS: HERE }), {
      Effect: 'Deny',
      Principal: '*',
      Action: 'sts:AssumeRole',
      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
    });
    expect(verdicts(analysis)).toEqual([[HERE, false, false]]);
  });

  it('a Deny with Bool false (no IfExists) misses access keys, whose key is absent', () => {
    const analysis = trust(assume({ AWS: HERE }), {
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'sts:*',
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
    });
    expect(verdicts(analysis)).toEqual([[HERE, true, false]]);
  });

  it('one user, named by ARN, is judged as that user; roles and sessions are not IAM users', () => {
    const alice = `arn:aws:iam::${HERE}:user/people/alice`;
    const analysis = trust(
      assume({
        AWS: [alice, `arn:aws:iam::${HERE}:role/deploy`, `arn:aws:sts::${HERE}:assumed-role/ci/session`],
      }),
    );
    expect(verdicts(analysis)).toEqual([[alice, true, true]]);
    expect(analysis.principals.map((p) => p.kind)).toEqual(['user', 'role', 'session']);
  });

  it('a Deny naming one user refuses that user only, not the account', () => {
    const bob = `arn:aws:iam::${HERE}:user/bob`;
    const analysis = trust(assume({ AWS: [HERE, bob] }), {
      Effect: 'Deny',
      Principal: { AWS: bob },
      Action: 'sts:AssumeRole',
      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
    });
    expect(verdicts(analysis)).toEqual([
      [HERE, true, true],
      [bob, false, false],
    ]);
  });

  it('"*" with a PrincipalOrgID condition is anyone in the organization: still open without MFA', () => {
    const analysis = trust(
      assume('*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }),
    );
    const [entry] = analysis.users;
    expect(entry?.principal.kind).toBe('anyone');
    expect(admits(entry!.accessKey)).toBe(true);
    // The organization id is not known here: reachable only under that condition.
    expect(entry!.accessKey.conditional).toBe(true);
  });

  it('another account is reported with its id', () => {
    const analysis = trust(assume({ AWS: `arn:aws:iam::${OTHER}:root` }));
    expect(analysis.users.map((u) => u.principal.account)).toEqual([OTHER]);
  });

  it('services and SAML/OIDC providers are not IAM users', () => {
    const analysis = trust(
      assume({ Service: ['ec2.amazonaws.com', 'lambda.amazonaws.com'] }),
      {
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::${HERE}:saml-provider/okta` },
        Action: 'sts:AssumeRoleWithSAML',
      },
      {
        Effect: 'Allow',
        Principal: { Federated: 'token.actions.githubusercontent.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
      },
    );
    expect(analysis.users).toEqual([]);
    expect(analysis.principals.map((p) => p.kind)).toEqual(['service', 'service', 'federated', 'federated']);
  });

  it('an Allow of another action (sts:TagSession alone) lets no one assume the role', () => {
    const analysis = trust({ Effect: 'Allow', Principal: { AWS: HERE }, Action: 'sts:TagSession' });
    expect(analysis.users).toEqual([]);
  });

  it('Action sts:* and * count as sts:AssumeRole; the MFA condition is read the same', () => {
    for (const action of ['sts:*', '*', 'sts:Assume*']) {
      expect(verdicts(trust(assume({ AWS: HERE }, { Action: action })))).toEqual([[HERE, true, true]]);
      expect(verdicts(trust(assume({ AWS: HERE }, { Action: action, Condition: MFA_TRUE })))).toEqual([
        [HERE, false, false],
      ]);
    }
  });

  it('statement order and Sids do not change the verdict', () => {
    const deny = {
      Effect: 'Deny',
      Principal: '*',
      Action: 'sts:AssumeRole',
      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
    };
    const allow = assume({ AWS: HERE });
    expect(verdicts(trust(deny, allow))).toEqual(verdicts(trust(allow, deny)));
    expect(verdicts(trust({ ...allow, Sid: 'A' }, { ...deny, Sid: 'B' }))).toEqual(
      verdicts(trust(deny, allow)),
    );
  });
});

describe('analyzeTrustPolicy: the caller ARN of some user of an account', () => {
  const like = (operator: string, pattern: string | string[]) => ({
    [operator]: { 'aws:PrincipalArn': pattern },
  });
  const decided = (analysis: TrustAnalysis) =>
    analysis.users.map((entry) => [
      entry.principal.value,
      admits(entry.accessKey),
      entry.accessKey.conditional,
    ]);

  it('is a user ARN: a role pattern never lets a user in, user/* always does', () => {
    expect(
      decided(trust(assume('*', { Condition: like('ArnLike', `arn:aws:iam::${HERE}:role/ci-*`) }))),
    ).toEqual([['*', false, false]]);
    expect(
      decided(trust(assume({ AWS: HERE }, { Condition: like('ArnLike', 'arn:aws:iam::*:role/*') }))),
    ).toEqual([[HERE, false, false]]);
    expect(
      decided(
        trust(
          assume(
            { AWS: `arn:aws:iam::${HERE}:root` },
            { Condition: like('ArnLike', `arn:aws:iam::${HERE}:user/*`) },
          ),
        ),
      ),
    ).toEqual([[`arn:aws:iam::${HERE}:root`, true, false]]);
  });

  it('a pattern some users match and others do not stays undecided; another account never matches', () => {
    expect(
      decided(
        trust(assume({ AWS: HERE }, { Condition: like('ArnLike', `arn:aws:iam::${HERE}:user/admins/*`) })),
      ),
    ).toEqual([[HERE, true, true]]);
    expect(
      decided(
        trust(assume({ AWS: HERE }, { Condition: like('StringEquals', `arn:aws:iam::${OTHER}:user/x`) })),
      ),
    ).toEqual([[HERE, false, false]]);
    // A Deny on "not a role" applies to every user; on "not this user" it may not.
    const denyUnlessRole = {
      Effect: 'Deny',
      Principal: '*',
      Action: 'sts:AssumeRole',
      Condition: like('ArnNotLike', 'arn:aws:iam::*:role/*'),
    };
    expect(decided(trust(assume({ AWS: HERE }), denyUnlessRole))).toEqual([[HERE, false, false]]);
    const denyUnlessBreakGlass = {
      ...denyUnlessRole,
      Condition: like('ArnNotEquals', `arn:aws:iam::${HERE}:user/break-glass`),
    };
    expect(decided(trust(assume({ AWS: HERE }), denyUnlessBreakGlass))).toEqual([[HERE, true, true]]);
  });
});
