import { beforeAll, describe, expect, it } from 'vitest';
import {
  analyzeEnforcementPolicy,
  loadActionCatalog,
  parsePolicyDocument,
  type ActionCatalog,
  type EnforcementVerdict,
} from '../../policy/index.js';
import {
  ENFORCE_MFA_RELEASES,
  ENFORCE_MFA_SOURCE,
  enforceMfaSourceVersion,
  isEnforceMfaSource,
  modelEnforceMfaModule,
  resolveEnforceMfaVersion,
  type EnforceMfaModel,
  type EnforceMfaOptions,
} from './enforceMfaModule.js';
import { isTfUnknown, tfUnknown, TfUnknown, type TfValue } from './value.js';

const ACCOUNT = '123456789012';
const policyArn = (name: string, path: string) => `arn:aws:iam::${ACCOUNT}:policy${path}${name}`;

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadActionCatalog();
});

function model(
  version: string | undefined,
  inputs: Record<string, TfValue> = {},
  options?: EnforceMfaOptions,
): EnforceMfaModel {
  const result = modelEnforceMfaModule(version, inputs, policyArn, options);
  if (result instanceof TfUnknown) throw new Error(`unexpected unknown: ${result.reason}`);
  return result;
}

interface Statement {
  Sid?: string;
  Effect: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string>>;
}
const statementsOf = (m: EnforceMfaModel): Statement[] => {
  expect(isTfUnknown(m.policy.document)).toBe(false);
  return (m.policy.document as unknown as { Statement: Statement[] }).Statement;
};
const denies = (m: EnforceMfaModel) => statementsOf(m).filter((s) => s.Effect === 'Deny');

function verdictOf(m: EnforceMfaModel): EnforcementVerdict {
  return analyzeEnforcementPolicy(parsePolicyDocument(m.policy.document, `enforce-mfa ${m.version}`), {
    catalog,
  });
}
const codes = (verdict: EnforcementVerdict) => [...new Set(verdict.reasons.map((r) => r.code))].sort();

describe('isEnforceMfaSource', () => {
  it.each([
    ENFORCE_MFA_SOURCE,
    'example.com/terraform-module/enforce-mfa/aws',
    'Terraform-Module/Enforce-MFA/AWS',
    'terraform-module/enforce-mfa/aws//examples/basic',
    'github.com/terraform-module/terraform-aws-enforce-mfa',
    'git::https://github.com/terraform-module/terraform-aws-enforce-mfa.git?ref=v1.2.0',
    'git@github.com:terraform-module/terraform-aws-enforce-mfa.git',
  ])('accepts %s', (source) => {
    expect(isEnforceMfaSource(source)).toBe(true);
  });

  it.each([
    'terraform-module/enforce-mfa/google',
    'someone-else/enforce-mfa/aws',
    'a/b/terraform-module/enforce-mfa/aws',
    './modules/enforce-mfa',
    'github.com/someone/terraform-aws-enforce-mfa',
  ])('rejects %s', (source) => {
    expect(isEnforceMfaSource(source)).toBe(false);
  });

  it('reads an exact release from a Git ref', () => {
    expect(
      enforceMfaSourceVersion(
        'git::https://github.com/terraform-module/terraform-aws-enforce-mfa.git?ref=v0.12.0',
      ),
    ).toBe('=0.12.0');
    expect(enforceMfaSourceVersion('github.com/terraform-module/terraform-aws-enforce-mfa')).toBeUndefined();
    expect(enforceMfaSourceVersion(ENFORCE_MFA_SOURCE)).toBeUndefined();
  });
});

describe('resolveEnforceMfaVersion', () => {
  const resolved = (constraint: string | undefined) => {
    const result = resolveEnforceMfaVersion(constraint);
    return result instanceof TfUnknown ? result : result.release.version;
  };

  it.each([
    [undefined, '1.2.0'],
    ['', '1.2.0'],
    ['0.12.0', '0.12.0'],
    ['= 0.12.0', '0.12.0'],
    ['v1.1.1', '1.1.1'],
    ['~> 1.0', '1.2.0'],
    ['~> 1.1.0', '1.1.1'],
    ['~> 0.12.0', '0.12.6'],
    ['~> 0.12', '0.13.0'], // >= 0.12, < 1.0
    ['~> 1', '1.2.0'],
    ['>= 0.10', '1.2.0'],
    ['>= 0.10, < 1.0', '0.13.0'],
    ['>= 0.12.0, < 0.12.3', '0.12.2'],
    ['!= 1.2.0', '1.1.1'],
  ])('%s -> %s', (constraint, version) => {
    expect(resolved(constraint)).toBe(version);
  });

  it('says how the release was chosen', () => {
    const result = resolveEnforceMfaVersion(undefined);
    expect(result).not.toBeInstanceOf(TfUnknown);
    expect(result instanceof TfUnknown ? '' : result.note).toContain('newest');
    const range = resolveEnforceMfaVersion('>= 0.10');
    expect(range instanceof TfUnknown ? '' : range.note).toContain('Terraform installs the newest, 1.2.0');
  });

  it('is unknown for constraints no known release satisfies, or that cannot be read', () => {
    expect(resolved('>= 2.0')).toBeInstanceOf(TfUnknown);
    expect(resolved('latest')).toBeInstanceOf(TfUnknown);
    expect(resolved('1.2.0-beta1')).toBeInstanceOf(TfUnknown);
  });
});

describe('what each release creates', () => {
  it('0.0.1 is empty', () => {
    const result = modelEnforceMfaModule('0.0.1', {}, policyArn);
    expect(result).toBeInstanceOf(TfUnknown);
    expect((result as TfUnknown).reason).toContain('creates nothing');
  });

  it('creates one policy with the default name and path, attached to the groups, never to users', () => {
    const m = model('1.2.0', { groups: ['admins', 42] });
    expect(m.policy.name).toBe('managed-force-mfa-policy');
    expect(m.policy.path).toBe('/');
    expect(m.groups).toEqual(['admins', '42']);
    expect(m.users).toEqual([]);
    expect(m.outputs.arn).toBe(`arn:aws:iam::${ACCOUNT}:policy/managed-force-mfa-policy`);
    expect(m.outputs.id).toBe(m.outputs.arn);
    expect(m.outputs.groups).toBe('admins');
    expect(JSON.parse(m.outputs.policy_json as string)).toEqual(m.policy.document);
    expect(m.addresses.policy).toBe('aws_iam_policy.this');
  });

  it('takes the name and path inputs; no groups gives the empty first-group output', () => {
    const m = model('0.12.0', { policy_name: 'force-mfa', path: '/security/' });
    expect(m.outputs.arn).toBe(`arn:aws:iam::${ACCOUNT}:policy/security/force-mfa`);
    expect(m.groups).toEqual([]);
    expect(m.outputs.groups).toBe('');
  });

  it('rejects inputs the release does not declare, as Terraform does', () => {
    const unknownInput = (version: string, inputs: Record<string, TfValue>) => {
      const result = modelEnforceMfaModule(version, inputs, policyArn);
      return result instanceof TfUnknown ? result.reason : 'known';
    };
    expect(unknownInput('0.12.0', { manage_explicit_deny: true })).toContain(
      'no input "manage_explicit_deny"',
    );
    expect(unknownInput('1.2.0', { manage_own_password_without_mfa: false })).toContain(
      'no input "manage_own_password_without_mfa"',
    );
    expect(unknownInput('1.2.0', { users: ['alice'] })).toContain('no input "users"');
    expect(unknownInput('1.2.0', { source: ENFORCE_MFA_SOURCE, version: '1.2.0', count: 1 })).toBe('known');
  });

  it('uses the ${aws:username} policy variable and the account id in ARNs', () => {
    const resources = statementsOf(model('1.1.1', { account_id: ACCOUNT })).flatMap((s) =>
      [s.Resource].flat(),
    );
    expect(resources).toContain(`arn:aws:iam::${ACCOUNT}:user/\${aws:username}`);
    expect(resources).toContain('arn:aws:iam::*:mfa/${aws:username}'); // written with "*" by the module itself
    expect(resources.some((r) => r.includes('&{'))).toBe(false);
  });

  it('1.2.0 builds ARNs in the partition; earlier releases always write "aws"', () => {
    const cn = model('1.2.0', { account_id: ACCOUNT }, { partition: 'aws-cn' });
    expect(statementsOf(cn).flatMap((s) => [s.Resource].flat())).toContain(
      `arn:aws-cn:iam::${ACCOUNT}:user/\${aws:username}`,
    );
    const old = model('1.1.1', { account_id: ACCOUNT }, { partition: 'aws-cn' });
    expect(statementsOf(old).flatMap((s) => [s.Resource].flat())).toContain(
      `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`,
    );
    expect(old.notes.join(' ')).toContain('IAM rejects');
  });
});

describe('the documents, judged by the policy engine', () => {
  it('0.12.0 always denies without MFA; its NotAction exempts only tolerated self-service actions: enforced', () => {
    const m = model('0.12.0');
    expect(denies(m).map((s) => s.Sid)).toEqual([
      'BlockMostAccessUnlessSignedInWithMFA',
      'BlockReadActionsUnlessSignedInWithMFA',
    ]);
    expect(denies(m)[0]?.Condition).toEqual({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } });
    // The six extra exemptions (iam:DeleteVirtualMFADevice, iam:GetAccountSummary, iam:ListAccessKeys, ...)
    // are those of AWS's earlier reference policy, tolerated by the engine (see mfaActionLists.ts).
    const verdict = verdictOf(m);
    expect(verdict.verdict).toBe('enforced');
    expect(verdict.byCredential.console.enforced).toBe(true);
    expect(verdict.byCredential.accessKey.enforced).toBe(true);
  });

  it.each(['0.0.2', '0.12.1', '0.12.2'])('%s is the same document as 0.12.0', (version) => {
    expect(model(version).policy.document).toEqual(model('0.12.0').policy.document);
  });

  it('0.12.0 with manage_own_password_without_mfa = false adds a password Deny; the Deny still wins', () => {
    const m = model('0.12.0', { manage_own_password_without_mfa: false, manage_own_access_keys: true });
    expect(denies(m).map((s) => s.Sid)).toContain('ChangePasswordOnlyIfMFASet');
    const verdict = verdictOf(m);
    // The manage_own_* Allows use BoolIfExists "true" (access keys match them without MFA), but the
    // NotAction Deny blocks what they allow first: explicit deny wins.
    expect(verdict.verdict).toBe('enforced');
  });

  it.each(['0.12.3', '0.12.6', '0.13.0', '1.0.0', '1.1.1', '1.2.0', '~> 1.0', undefined])(
    '%s without manage_explicit_deny has no Deny: none',
    (version) => {
      const m = model(version, { groups: ['developers'] });
      expect(denies(m)).toEqual([]);
      const verdict = verdictOf(m);
      expect(verdict.verdict).toBe('none');
      expect(codes(verdict)).toEqual(['access-key-bypass', 'allow-only', 'console-bypass']);
      expect(m.notes.join(' ')).toContain('denies nothing without MFA unless manage_explicit_deny = true');
    },
  );

  it('without the Deny, a manage_own_* Allow (BoolIfExists "true") hands its grants to access keys: weak', () => {
    const m = model('1.2.0', { manage_own_ssh_public_keys: true });
    expect(denies(m)).toEqual([]);
    const verdict = verdictOf(m);
    expect(verdict.verdict).toBe('weak');
    expect(codes(verdict)).toEqual(
      expect.arrayContaining(['access-key-bypass', 'allow-without-mfa', 'console-bypass']),
    );
  });

  it.each(['0.13.0', '1.0.0', '1.1.0', '1.1.1', '1.2.0', '~> 1.0', undefined])(
    '%s with manage_explicit_deny = true is the AWS reference Deny: enforced',
    (version) => {
      const m = model(version, { manage_explicit_deny: true, account_id: ACCOUNT });
      expect(denies(m)).toEqual([
        {
          Sid: 'DenyAllExceptListedIfNoMFA',
          Effect: 'Deny',
          NotAction: [
            'iam:CreateVirtualMFADevice',
            'iam:EnableMFADevice',
            'iam:GetUser',
            'iam:ListMFADevices',
            'iam:ListVirtualMFADevices',
            'iam:ResyncMFADevice',
            'sts:GetSessionToken',
          ],
          Resource: '*',
          Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
        },
      ]);
      const verdict = verdictOf(m);
      expect(verdict.verdict).toBe('enforced');
      expect(verdict.exemptActions).toEqual([]);
    },
  );

  it('the Deny also overrides the access-key loophole of the manage_own_* Allows', () => {
    const m = model('1.2.0', {
      manage_explicit_deny: true,
      manage_own_access_keys: true,
      manage_own_signing_certificates: true,
      manage_own_ssh_public_keys: true,
      manage_own_git_credentials: true,
    });
    expect(statementsOf(m).map((s) => s.Sid)).toEqual(
      expect.arrayContaining([
        'AllowManageOwnAccessKeys',
        'AllowManageOwnSigningCertificates',
        'AllowManageOwnSSHPublicKeys',
        'AllowManageOwnGitCredentials',
      ]),
    );
    expect(statementsOf(m).at(-1)?.Sid).toBe('DenyAllExceptListedIfNoMFA');
    expect(verdictOf(m).verdict).toBe('enforced');
  });

  it.each(['0.12.3', '0.12.4', '0.12.5', '0.12.6'])(
    '%s with manage_explicit_deny = true denies only the enrolment actions (an Action list)',
    (version) => {
      const m = model(version, { manage_explicit_deny: true });
      const [deny] = denies(m);
      expect(deny?.NotAction).toBeUndefined();
      expect(deny?.Action).toContain('iam:EnableMFADevice');
      const verdict = verdictOf(m);
      // Every action but these seven stays reachable without MFA, and the seven are exactly what a user
      // needs to enrol: a Deny of self-enrolment alone restricts nothing, so the verdict is none.
      expect(verdict.verdict).toBe('none');
      expect(codes(verdict)).toEqual(expect.arrayContaining(['console-bypass', 'access-key-bypass']));
      expect(verdict.exemptActionCount).toBeGreaterThan(10_000);
      expect(m.notes.join(' ')).toContain('denies ONLY the MFA enrolment actions');
    },
  );

  it('every release with every option parses as a policy document', () => {
    for (const { version, generation } of ENFORCE_MFA_RELEASES) {
      if (generation === 'empty') continue;
      const flags: Record<string, TfValue> = {
        manage_own_access_keys: true,
        manage_own_signing_certificates: true,
        manage_own_ssh_public_keys: true,
        manage_own_git_credentials: true,
        ...(generation === 'always-deny'
          ? { manage_own_password_without_mfa: false }
          : { manage_explicit_deny: 'true' }),
      };
      const m = model(version, flags);
      expect(() => parsePolicyDocument(m.policy.document, version)).not.toThrow();
      expect(statementsOf(m).length).toBeGreaterThan(10);
    }
  });
});

describe('unknown inputs', () => {
  it('an unresolved manage_explicit_deny makes a 1.x document unknown', () => {
    const m = model('~> 1.0', { manage_explicit_deny: tfUnknown('var.enforce is not set') });
    expect(m.policy.document).toBeInstanceOf(TfUnknown);
    expect((m.policy.document as TfUnknown).reason).toContain('manage_explicit_deny is unresolved');
    expect(m.outputs.policy_json).toBe(m.policy.document);
    expect(m.outputs.arn).toBe(`arn:aws:iam::${ACCOUNT}:policy/managed-force-mfa-policy`);
  });

  it('an unresolved account id widens Allow resources to "*" when no Deny depends on it', () => {
    const m = model('1.2.0', { manage_explicit_deny: true, account_id: tfUnknown('data source') });
    const resources = statementsOf(m).flatMap((s) => [s.Resource].flat());
    expect(resources).toContain('arn:aws:iam::*:user/${aws:username}');
    expect(verdictOf(m).verdict).toBe('enforced');
  });

  it('an unresolved account id makes the 0.12.0 document unknown: its Deny resources depend on it', () => {
    const m = model('0.12.0', { account_id: tfUnknown('data source') });
    expect(m.policy.document).toBeInstanceOf(TfUnknown);
    expect((m.policy.document as TfUnknown).reason).toContain('account_id is unresolved');
  });

  it('unresolved names and groups propagate to the outputs, not to the document', () => {
    const m = model('1.2.0', { policy_name: tfUnknown('random_pet'), groups: tfUnknown('for expression') });
    expect(m.policy.name).toBeInstanceOf(TfUnknown);
    expect(m.outputs.arn).toBeInstanceOf(TfUnknown);
    expect(m.groups).toBeInstanceOf(TfUnknown);
    expect(m.outputs.groups).toBeInstanceOf(TfUnknown);
    expect(isTfUnknown(m.policy.document)).toBe(false);
  });

  it('wrong types and nulls are unknown, with a reason', () => {
    expect(model('1.2.0', { manage_explicit_deny: 'yes' }).policy.document).toBeInstanceOf(TfUnknown);
    expect(model('1.2.0', { groups: 'admins' }).groups).toBeInstanceOf(TfUnknown);
    expect(model('1.2.0', { path: null }).policy.path).toBeInstanceOf(TfUnknown);
  });
});
