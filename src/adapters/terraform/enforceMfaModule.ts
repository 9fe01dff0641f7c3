import { firstUnknown, isTfUnknown, tfToString, TfUnknown, tfUnknown, type TfValue } from './value.js';

// The public Terraform module terraform-module/enforce-mfa/aws, modelled per release, so that a configuration
// which calls it by source and version (without the module on disk) can be judged by what it really deploys:
// one customer managed policy (aws_iam_policy.this) built by an aws_iam_policy_document, attached to each of
// the `groups` (aws_iam_group_policy_attachment.to_groups). No release attaches to users or roles.
//
// The releases, read from the module's git history (enforceMfaModule.md has the details):
// - 0.0.1: the empty initial commit, no resources;
// - 0.0.2 to 0.12.2: ALWAYS denies without MFA (Deny NotAction of 13 actions, BoolIfExists "false"), plus a
//   narrower Deny of reads on the user's own ARNs, plus an optional Deny of password changes;
// - 0.12.3 to 0.12.6: the Deny became opt-in (manage_explicit_deny, default false) and, when enabled, was an
//   `Action` list: it denies only the seven MFA-enrolment actions without MFA, the inverse of its intent;
// - 0.13.0 to 1.1.1: the opt-in Deny is a NotAction of those seven (the AWS reference policy);
// - 1.2.0: the same, with the partition taken from data.aws_partition instead of a literal "aws".
// With manage_explicit_deny left at its default (false), 0.12.3 and later create Allow statements only.

export const ENFORCE_MFA_SOURCE = 'terraform-module/enforce-mfa/aws';

// A registry address with an optional host prefix and an optional //subdirectory; the host is not named.
const REGISTRY_SOURCE = /^([^/]+\/)?terraform-module\/enforce-mfa\/aws(\/\/.*)?$/i;
// The module's GitHub repository, as a GitHub shorthand, an HTTPS or SSH Git URL, with optional ?ref=.
const GITHUB_SOURCE =
  /^(?:git::)?(?:https:\/\/|ssh:\/\/git@|git@)?github\.com[/:]terraform-module\/terraform-aws-enforce-mfa(?:\.git)?(?:\/\/[^?]*)?(?:\?(.*))?$/i;

/** Whether a module `source` names this module: its registry address (any host prefix) or its GitHub repository. */
export function isEnforceMfaSource(source: string): boolean {
  const trimmed = source.trim();
  return REGISTRY_SOURCE.test(trimmed) || GITHUB_SOURCE.test(trimmed);
}

/**
 * The version constraint a Git source pins: `?ref=v1.2.0` is the exact release "=1.2.0". Undefined for a
 * registry source (its version is the `version` argument), a Git source without ref (the default branch, whose
 * module files equal the newest release) or a ref that is not a release tag (a branch or commit: unknown).
 */
export function enforceMfaSourceVersion(source: string): string | undefined {
  const query = GITHUB_SOURCE.exec(source.trim())?.[1];
  const ref = query ? new URLSearchParams(query).get('ref') : null;
  const tag = ref ? /^v?(\d+\.\d+\.\d+)$/.exec(ref) : null;
  return tag ? `=${tag[1]}` : undefined;
}

type Generation = 'empty' | 'always-deny' | 'deny-action-list' | 'deny-notaction' | 'partition-aware';

export interface EnforceMfaRelease {
  readonly version: string;
  /** The git tag and the commit it points to, in github.com/terraform-module/terraform-aws-enforce-mfa. */
  readonly tag: string;
  readonly commit: string;
  readonly date: string;
  readonly generation: Generation;
}

/** Every release tag of the module, oldest first, as of its repository's last commit (2025-06-11). */
export const ENFORCE_MFA_RELEASES: readonly EnforceMfaRelease[] = [
  { version: '0.0.1', tag: 'v0.0.1', commit: '0be5c66', date: '2020-06-07', generation: 'empty' },
  { version: '0.0.2', tag: 'v0.0.2', commit: 'e7e6c06', date: '2020-06-07', generation: 'always-deny' },
  { version: '0.12.0', tag: 'v0.12.0', commit: 'b68b73b', date: '2020-06-07', generation: 'always-deny' },
  { version: '0.12.1', tag: 'v0.12.1', commit: '2801784', date: '2020-06-07', generation: 'always-deny' },
  { version: '0.12.2', tag: 'v0.12.2', commit: '2a3fbc0', date: '2020-06-07', generation: 'always-deny' },
  {
    version: '0.12.3',
    tag: 'v0.12.3',
    commit: '0e7b829',
    date: '2020-08-14',
    generation: 'deny-action-list',
  },
  {
    version: '0.12.4',
    tag: 'v0.12.4',
    commit: 'daddc99',
    date: '2021-08-21',
    generation: 'deny-action-list',
  },
  {
    version: '0.12.5',
    tag: 'v0.12.5',
    commit: '55dfc45',
    date: '2021-09-19',
    generation: 'deny-action-list',
  },
  {
    version: '0.12.6',
    tag: 'v0.12.6',
    commit: '93d06a7',
    date: '2021-12-12',
    generation: 'deny-action-list',
  },
  { version: '0.13.0', tag: 'v0.13.0', commit: '99e2ac9', date: '2022-02-21', generation: 'deny-notaction' },
  { version: '1.0.0', tag: 'v1.0.0', commit: 'f46bfa5', date: '2022-05-02', generation: 'deny-notaction' },
  { version: '1.1.0', tag: 'v1.1.0', commit: '26db7f3', date: '2022-05-15', generation: 'deny-notaction' },
  { version: '1.1.1', tag: 'v1.1.1', commit: '356398a', date: '2023-01-20', generation: 'deny-notaction' },
  { version: '1.2.0', tag: 'v1.2.0', commit: '902488d', date: '2025-01-05', generation: 'partition-aware' },
];

// ---------------------------------------------------------------------------------------------------------
// Version constraints, as Terraform reads them: comma-separated "op version" terms, all of which must hold;
// Terraform installs the newest release that satisfies them, so that is the one modelled.

type Parts = readonly [number, number, number];
interface Term {
  readonly op: '=' | '!=' | '>' | '>=' | '<' | '<=' | '~>';
  readonly parts: Parts;
  /** How many segments were written: "~> 1.2" (2) admits 1.x >= 1.2, "~> 1.2.0" (3) admits 1.2.x. */
  readonly given: number;
}

function parseParts(text: string): { parts: Parts; given: number } | undefined {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(text);
  if (!match) return undefined;
  const given = match.slice(1).filter((p) => p !== undefined).length;
  return { parts: [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)], given };
}

function compare(a: Parts, b: Parts): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

function parseConstraint(constraint: string): Term[] | undefined {
  const terms: Term[] = [];
  for (const raw of constraint.split(',')) {
    const match = /^\s*(=|!=|>=|<=|>|<|~>)?\s*(\S+)\s*$/.exec(raw);
    const version = match?.[2] ? parseParts(match[2]) : undefined;
    if (!match || !version) return undefined;
    terms.push({ op: (match[1] ?? '=') as Term['op'], ...version });
  }
  return terms;
}

function satisfies(version: Parts, term: Term): boolean {
  const order = compare(version, term.parts);
  switch (term.op) {
    case '=':
      return order === 0;
    case '!=':
      return order !== 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '~>':
      // At least the given version, with every segment but the last one written equal ("~> 1" is ">= 1").
      return order >= 0 && version.slice(0, Math.max(term.given - 1, 0)).every((p, i) => p === term.parts[i]);
  }
}

export interface ResolvedEnforceMfaVersion {
  readonly release: EnforceMfaRelease;
  /** How the release was chosen, for explanations. */
  readonly note: string;
}

/** The release Terraform installs for a `version` constraint (absent: the newest), or why it cannot be told. */
export function resolveEnforceMfaVersion(
  constraint: string | undefined,
): ResolvedEnforceMfaVersion | TfUnknown {
  const newest = ENFORCE_MFA_RELEASES[ENFORCE_MFA_RELEASES.length - 1] as EnforceMfaRelease;
  if (constraint === undefined || constraint.trim() === '') {
    return {
      release: newest,
      note: `no version constraint: Terraform installs the newest release; modelled as ${newest.version}, the newest known (${newest.date})`,
    };
  }
  const terms = parseConstraint(constraint);
  if (!terms) {
    return tfUnknown(
      `the version constraint "${constraint}" of ${ENFORCE_MFA_SOURCE} is not one mfa-warden can read`,
    );
  }
  const matching = ENFORCE_MFA_RELEASES.filter((release) => {
    const parts = parseParts(release.version)?.parts as Parts;
    return terms.every((term) => satisfies(parts, term));
  });
  const chosen = matching[matching.length - 1];
  if (!chosen) {
    return tfUnknown(
      `no known release of ${ENFORCE_MFA_SOURCE} (${ENFORCE_MFA_RELEASES[0]?.version} to ${newest.version}) satisfies "${constraint}"`,
    );
  }
  const note =
    matching.length === 1
      ? `version "${constraint}" admits only release ${chosen.version}`
      : `version "${constraint}" admits ${matching.length} releases (${matching[0]?.version} to ${chosen.version}); Terraform installs the newest, ${chosen.version}${chosen === newest ? ', the newest known' : ''}`;
  return { release: chosen, note };
}

// ---------------------------------------------------------------------------------------------------------
// The model.

export interface EnforceMfaModel {
  /** The release modelled and how it was chosen from the version constraint. */
  readonly version: string;
  readonly versionNote: string;
  /**
   * The managed policy the module creates (name from the policy_name input or its default), its document as
   * a JSON-ready object, or a TfUnknown with the reason.
   */
  readonly policy: {
    readonly name: TfValue;
    readonly path: TfValue;
    readonly description: string;
    readonly document: TfValue;
  };
  /** Group names it attaches the policy to (the `groups` input). */
  readonly groups: TfValue;
  /** No release attaches the policy to users: always the empty list. */
  readonly users: TfValue;
  /** Module outputs by name (id, arn, groups, policy_json) as far as they can be computed. */
  readonly outputs: Readonly<Record<string, TfValue>>;
  /** The resource addresses inside the module, for explanations. */
  readonly addresses: { readonly policy: string; readonly groupAttachments: string };
  /** Caveats about this release with these inputs (an inverted Deny, a partition it cannot deploy to, ...). */
  readonly notes: readonly string[];
}

export interface EnforceMfaOptions {
  /** The partition data.aws_partition reports (1.2.0 builds its ARNs with it; earlier releases write "aws"). */
  readonly partition?: string;
}

const POLICY_DESCRIPTION = 'Policy to allow MFA management';
const DEFAULT_POLICY_NAME = 'managed-force-mfa-policy';

// Arguments of a module block that are not input variables.
const META_ARGUMENTS = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

const COMMON_INPUTS = [
  'policy_name',
  'account_id',
  'path',
  'groups',
  'manage_own_access_keys',
  'manage_own_signing_certificates',
  'manage_own_ssh_public_keys',
  'manage_own_git_credentials',
] as const;

function inputsOf(generation: Generation): readonly string[] {
  if (generation === 'empty') return [];
  if (generation === 'always-deny') return [...COMMON_INPUTS, 'manage_own_password_without_mfa'];
  return [...COMMON_INPUTS, 'manage_explicit_deny'];
}

/**
 * What the module creates at the release Terraform picks for `version`, given the module block's arguments.
 * `policyArn` builds the created policy's ARN from its name and path (the caller knows the account). A
 * TfUnknown when the release cannot be told or Terraform would reject the call (an argument the release
 * does not declare); unknown inputs propagate into the parts that depend on them.
 */
export function modelEnforceMfaModule(
  version: string | undefined,
  inputs: Readonly<Record<string, TfValue>>,
  policyArn: (name: string, path: string) => string,
  options: EnforceMfaOptions = {},
): EnforceMfaModel | TfUnknown {
  const resolved = resolveEnforceMfaVersion(version);
  if (resolved instanceof TfUnknown) return resolved;
  const { release, note } = resolved;
  if (release.generation === 'empty') {
    return tfUnknown(
      `${ENFORCE_MFA_SOURCE} ${release.version} is the empty initial commit and creates nothing`,
    );
  }
  const declared = inputsOf(release.generation);
  const unsupported = Object.keys(inputs).filter((k) => !META_ARGUMENTS.has(k) && !declared.includes(k));
  if (unsupported.length > 0) {
    return tfUnknown(
      `${ENFORCE_MFA_SOURCE} ${release.version} has no input ${unsupported.map((k) => `"${k}"`).join(', ')}: Terraform rejects the module call`,
    );
  }

  const name = stringInput(inputs, 'policy_name', DEFAULT_POLICY_NAME);
  const path = stringInput(inputs, 'path', '/');
  const groups = listInput(inputs, 'groups');
  const notes: string[] = [note];
  const document = buildDocument(release, inputs, options.partition ?? 'aws', notes);

  const arn: TfValue =
    isTfUnknown(name) || isTfUnknown(path)
      ? (firstUnknown([name, path]) as TfUnknown)
      : policyArn(name, path);
  // The groups output is element(concat(aws_iam_group_policy_attachment.to_groups[*].group, [""]), 0).
  const firstGroup: TfValue = isTfUnknown(groups) ? groups : ((groups[0] as TfValue | undefined) ?? '');
  return {
    version: release.version,
    versionNote: note,
    policy: { name, path, description: POLICY_DESCRIPTION, document },
    groups,
    users: [],
    outputs: {
      id: arn, // the provider's aws_iam_policy id is its ARN
      arn,
      groups: firstGroup,
      // The same statements as the provider's JSON; its key order and list order may differ.
      policy_json: isTfUnknown(document) ? document : JSON.stringify(document),
    },
    addresses: {
      policy: 'aws_iam_policy.this',
      groupAttachments: 'aws_iam_group_policy_attachment.to_groups',
    },
    notes,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Inputs, converted as Terraform converts module arguments to the variable's type.

function present(inputs: Readonly<Record<string, TfValue>>, key: string): TfValue | undefined {
  return Object.prototype.hasOwnProperty.call(inputs, key) ? inputs[key] : undefined;
}

function nullInput(key: string): TfUnknown {
  return tfUnknown(`the module input ${key} is null, which this module does not handle`);
}

function stringInput(
  inputs: Readonly<Record<string, TfValue>>,
  key: string,
  fallback: string,
): string | TfUnknown {
  const value = present(inputs, key);
  if (value === undefined) return fallback;
  if (value === null) return nullInput(key);
  const text = tfToString(value);
  return isTfUnknown(text) && !isTfUnknown(value)
    ? tfUnknown(`the module input ${key}: ${text.reason}`)
    : text;
}

function boolInput(
  inputs: Readonly<Record<string, TfValue>>,
  key: string,
  fallback: boolean,
): boolean | TfUnknown {
  const value = present(inputs, key);
  if (value === undefined) return fallback;
  if (value === null) return nullInput(key);
  if (isTfUnknown(value) || typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return tfUnknown(`the module input ${key} is not a bool`);
}

function listInput(inputs: Readonly<Record<string, TfValue>>, key: string): TfValue[] | TfUnknown {
  const value = present(inputs, key);
  if (value === undefined) return [];
  if (value === null) return nullInput(key);
  if (isTfUnknown(value)) return value;
  if (!Array.isArray(value)) return tfUnknown(`the module input ${key} is not a list of strings`);
  return value.map((item) => (item === null ? nullInput(`${key} element`) : tfToString(item)));
}

// ---------------------------------------------------------------------------------------------------------
// The policy document, statement by statement as each release's aws_iam_policy_document renders it:
// `&{aws:username}` in the module becomes the IAM policy variable `${aws:username}`; a one-element list
// renders as a string; duplicates in a list collapse (the data source holds sets).

type Statement = Record<string, unknown>;
const USERNAME = '${aws:username}';
const MFA = 'aws:MultiFactorAuthPresent';

function list(values: readonly string[]): string | string[] {
  const distinct = [...new Set(values)];
  return distinct.length === 1 ? (distinct[0] as string) : distinct;
}

function statement(
  sid: string | undefined,
  effect: 'Allow' | 'Deny',
  actions: readonly string[],
  resources: readonly string[],
  condition?: { readonly test: string; readonly value: string },
  notAction = false,
): Statement {
  return {
    ...(sid ? { Sid: sid } : {}),
    Effect: effect,
    [notAction ? 'NotAction' : 'Action']: list(actions),
    Resource: list(resources),
    ...(condition ? { Condition: { [condition.test]: { [MFA]: condition.value } } } : {}),
  };
}

const WITH_MFA = { test: 'Bool', value: 'true' } as const;
const WITHOUT_MFA = { test: 'BoolIfExists', value: 'false' } as const;
// The manage_own_* statements write the flag itself (true, when they exist) as the condition value: a
// BoolIfExists "true" that also matches requests without the key, i.e. long-term access keys.
const FLAG_SET = { test: 'BoolIfExists', value: 'true' } as const;

// The actions the opt-in Deny (0.12.3 and later) lists: MFA enrolment and GetSessionToken.
const ENROLMENT = [
  'iam:CreateVirtualMFADevice',
  'iam:EnableMFADevice',
  'iam:GetUser',
  'iam:ListMFADevices',
  'iam:ListVirtualMFADevices',
  'iam:ResyncMFADevice',
  'sts:GetSessionToken',
];

const OWN_CREDENTIALS: ReadonlyArray<{
  readonly flag: string;
  readonly sid: string;
  readonly actions: string[];
}> = [
  {
    flag: 'manage_own_access_keys',
    sid: 'AllowManageOwnAccessKeys',
    actions: ['iam:CreateAccessKey', 'iam:DeleteAccessKey', 'iam:ListAccessKeys', 'iam:UpdateAccessKey'],
  },
  {
    flag: 'manage_own_signing_certificates',
    sid: 'AllowManageOwnSigningCertificates',
    actions: [
      'iam:DeleteSigningCertificate',
      'iam:ListSigningCertificates',
      'iam:UpdateSigningCertificate',
      'iam:UploadSigningCertificate',
    ],
  },
  {
    flag: 'manage_own_ssh_public_keys',
    sid: 'AllowManageOwnSSHPublicKeys',
    actions: ['iam:DeleteSSHPublicKey', 'iam:UpdateSSHPublicKey', 'iam:UploadSSHPublicKey'],
  },
  {
    flag: 'manage_own_git_credentials',
    sid: 'AllowManageOwnGitCredentials',
    actions: [
      'iam:CreateServiceSpecificCredential',
      'iam:DeleteServiceSpecificCredential',
      'iam:ListServiceSpecificCredentials',
      'iam:ResetServiceSpecificCredential',
      'iam:UpdateServiceSpecificCredential',
    ],
  },
];

class UnknownDocument extends Error {
  constructor(readonly unknown: TfUnknown) {
    super(unknown.reason);
  }
}

function buildDocument(
  release: EnforceMfaRelease,
  inputs: Readonly<Record<string, TfValue>>,
  partition: string,
  notes: string[],
): TfValue {
  const gen = release.generation;
  const accountInput = stringInput(inputs, 'account_id', '*');
  const arnPartition = gen === 'partition-aware' ? partition : 'aws';
  if (arnPartition !== partition) {
    notes.push(
      `${release.version} writes "arn:aws:" into its policy; IAM rejects that document in the ${partition} partition (1.2.0 fixed it)`,
    );
  }
  // Allow statements may use "*" for an unresolved account: widening an Allow never hides a gap. A Deny
  // whose resource depends on it cannot be written without a guess, so the document is unknown then.
  const iam = (effect: 'Allow' | 'Deny', resource: string, account: 'input' | '*' = 'input'): string => {
    if (account === '*') return `arn:${arnPartition}:iam::*:${resource}`;
    if (isTfUnknown(accountInput)) {
      if (effect === 'Deny') {
        throw new UnknownDocument(
          tfUnknown(
            `account_id is unresolved and a Deny statement's resource depends on it (${accountInput.reason})`,
          ),
        );
      }
      return `arn:${arnPartition}:iam::*:${resource}`;
    }
    return `arn:${arnPartition}:iam::${accountInput}:${resource}`;
  };
  const flag = (key: string, fallback: boolean): boolean => {
    const value = boolInput(inputs, key, fallback);
    if (isTfUnknown(value)) throw new UnknownDocument(tfUnknown(`${key} is unresolved (${value.reason})`));
    return value;
  };
  const own = (effect: 'Allow' | 'Deny', ...resources: string[]) => resources.map((r) => iam(effect, r));

  const ownCredentials = (): Statement[] =>
    OWN_CREDENTIALS.filter(({ flag: key }) => flag(key, false)).map(({ sid, actions }) =>
      statement(sid, 'Allow', actions, own('Allow', `user/${USERNAME}`), FLAG_SET),
    );

  try {
    const statements: Statement[] = [];
    if (gen === 'always-deny') {
      statements.push(...alwaysDenyStatements(own));
      if (!flag('manage_own_password_without_mfa', true)) {
        statements.push(
          statement(
            'ChangePasswordOnlyIfMFASet',
            'Deny',
            ['iam:ChangePassword', 'iam:CreateLoginProfile'],
            own('Deny', `user/${USERNAME}`),
            WITHOUT_MFA,
          ),
        );
      }
      statements.push(...ownCredentials());
    } else {
      statements.push(...optInDenyStatements(release, own, iam), ...ownCredentials());
      if (flag('manage_explicit_deny', false)) {
        const notAction = gen !== 'deny-action-list';
        if (!notAction) {
          notes.push(
            `${release.version} with manage_explicit_deny = true denies ONLY the MFA enrolment actions without MFA (an Action list where 0.13.0 and later have NotAction): users without MFA cannot enrol, and nothing else is denied`,
          );
        }
        statements.push(
          statement('DenyAllExceptListedIfNoMFA', 'Deny', ENROLMENT, ['*'], WITHOUT_MFA, notAction),
        );
      } else {
        notes.push(
          `${release.version} denies nothing without MFA unless manage_explicit_deny = true: the policy only allows self-service`,
        );
      }
    }
    return { Version: '2012-10-17', Statement: statements } as unknown as TfValue;
  } catch (error) {
    if (error instanceof UnknownDocument) return error.unknown;
    throw error;
  }
}

type Own = (effect: 'Allow' | 'Deny', ...resources: string[]) => string[];
type Iam = (effect: 'Allow' | 'Deny', resource: string, account?: 'input' | '*') => string;

/** 0.0.2 to 0.12.2: self-service Allows, then two Denies that always apply without MFA (the optional ones follow). */
function alwaysDenyStatements(own: Own): Statement[] {
  const user = `user/${USERNAME}`;
  const mfa = `mfa/${USERNAME}`;
  return [
    statement('MFAPersonalCreate', 'Allow', ['iam:CreateVirtualMFADevice'], own('Allow', mfa, user)),
    statement(
      'AllowIndividualUserToDeactivateOnlyTheirOwnMFAOnlyWhenUsingMFA',
      'Allow',
      ['iam:DeleteVirtualMFADevice', 'iam:DeactivateMFADevice'],
      own('Allow', mfa, user),
      WITH_MFA,
    ),
    statement(
      undefined,
      'Allow',
      ['iam:EnableMFADevice', 'iam:GetUser', 'iam:ListGroupsForUser'],
      own('Allow', user),
    ),
    statement(
      'AllowIndividualUserToManageTheirOwnMFA',
      'Allow',
      [
        'iam:CreateVirtualMFADevice',
        'iam:DeleteVirtualMFADevice',
        'iam:EnableMFADevice',
        'iam:ResyncMFADevice',
      ],
      own('Allow', user, mfa),
    ),
    statement(undefined, 'Allow', ['iam:ListGroups'], own('Allow', 'group/')),
    statement(
      undefined,
      'Allow',
      ['iam:ListGroupPolicies', 'iam:ListAttachedGroupPolicies'],
      own('Allow', 'group/*'),
    ),
    statement(
      undefined,
      'Allow',
      [
        'iam:ChangePassword',
        'iam:UpdateLoginProfile',
        'iam:UpdateUser',
        'iam:ListAttachedUserPolicies',
        'iam:ListSSHPublicKeys',
        'iam:ListAccessKeys',
        'iam:GetLoginProfile',
        'iam:ListMFADevices',
        'iam:ListVirtualMFADevices',
      ],
      own('Allow', user),
    ),
    statement(
      'KeysAndCertificates',
      'Allow',
      ['iam:ListSigningCertificates', 'iam:ListSSHPublicKeys', 'iam:GetSSHPublicKey'],
      own('Allow', user),
    ),
    statement(
      'AllowBasicVisiiblityWhenLoggedInWithMFA',
      'Allow',
      [
        'iam:GetAccountSummary',
        'iam:ListAccountAliases',
        'iam:ListUserTags',
        'iam:ListGroupsForUser',
        'iam:ListPolicies',
        'iam:ListUsers',
        'iam:GetGroup',
        'iam:GenerateServiceLastAccessedDetails',
        'iam:ListUserPolicies',
        'iam:GetUser',
        'iam:ListServiceSpecificCredentials',
        'iam:ListAttachedUserPolicies',
        'iam:ListVirtualMFADevices',
        'iam:ListMFADevices',
      ],
      ['*'],
      WITH_MFA,
    ),
    statement(
      'BlockMostAccessUnlessSignedInWithMFA',
      'Deny',
      [
        'iam:CreateVirtualMFADevice',
        'iam:DeleteVirtualMFADevice',
        'iam:ListVirtualMFADevices',
        'iam:EnableMFADevice',
        'iam:ResyncMFADevice',
        'iam:ListAccountAliases',
        'iam:ListUsers',
        'iam:ListSSHPublicKeys',
        'iam:ListAccessKeys',
        'iam:ListServiceSpecificCredentials',
        'iam:ListMFADevices',
        'iam:GetAccountSummary',
        'sts:GetSessionToken',
      ],
      ['*'],
      WITHOUT_MFA,
      true,
    ),
    statement(
      'BlockReadActionsUnlessSignedInWithMFA',
      'Deny',
      ['iam:ListMFADevices', 'iam:ListVirtualMFADevices', 'iam:ListUsers'],
      own('Deny', 'user/', user, 'mfa/', mfa),
      WITHOUT_MFA,
    ),
  ];
}

/** 0.12.3 and later: self-service Allows only; the optional statements and the opt-in Deny follow. */
function optInDenyStatements(release: EnforceMfaRelease, own: Own, iam: Iam): Statement[] {
  const user = `user/${USERNAME}`;
  const mfa = `mfa/${USERNAME}`;
  const anyAccount = (...resources: string[]) => resources.map((r) => iam('Allow', r, '*'));
  // 0.12.6 fixed the spelling of two Sids.
  const visibility =
    release.version === '0.12.3' || release.version === '0.12.4' || release.version === '0.12.5'
      ? 'Visiiblity'
      : 'Visibility';
  return [
    statement(
      `AllowBasic${visibility}WithoutMfa`,
      'Allow',
      [
        'iam:ListUsers',
        'iam:GetAccountSummary',
        'iam:ListAccountAliases',
        'iam:ListVirtualMFADevices',
        'iam:GetAccountPasswordPolicy',
      ],
      ['*'],
    ),
    statement(
      'MFAPersonalCreate',
      'Allow',
      ['iam:CreateVirtualMFADevice', 'iam:DeleteVirtualMFADevice'],
      own('Allow', mfa),
    ),
    statement(
      'AllowIndividualUserToDeactivateOnlyTheirOwnMFAOnlyWhenUsingMFA',
      'Allow',
      ['iam:DeleteVirtualMFADevice'],
      own('Allow', mfa, user),
      WITH_MFA,
    ),
    statement(undefined, 'Allow', ['iam:GetUser', 'iam:ListGroupsForUser'], own('Allow', user)),
    statement(undefined, 'Allow', ['iam:ListGroups'], own('Allow', 'group/')),
    statement(
      undefined,
      'Allow',
      ['iam:ListGroupPolicies', 'iam:ListAttachedGroupPolicies'],
      own('Allow', 'group/*'),
    ),
    statement('AllowToListOnlyOwnMFA', 'Allow', ['iam:ListMFADevices'], anyAccount('mfa/*', user)),
    statement(
      'AllowManageOwnUserMFA',
      'Allow',
      [
        'iam:ChangePassword',
        'iam:CreateLoginProfile',
        'iam:UpdateLoginProfile',
        'iam:ListAccessKeys',
        'iam:UpdateUser',
        'iam:ListAttachedUserPolicies',
        'iam:ListSSHPublicKeys',
        'iam:GetLoginProfile',
      ],
      own('Allow', user),
    ),
    statement(
      'AllowUserToManageOwnMFA',
      'Allow',
      [
        'iam:CreateVirtualMFADevice',
        'iam:DeleteVirtualMFADevice',
        'iam:EnableMFADevice',
        'iam:ResyncMFADevice',
      ],
      anyAccount(mfa, user),
    ),
    statement(
      'KeysAndCertificates',
      'Allow',
      ['iam:ListSigningCertificates', 'iam:ListSSHPublicKeys', 'iam:GetSSHPublicKey'],
      own('Allow', user),
    ),
    statement(
      'AllowUserToDeactivateOnlyOwnMFAWhenUsingMFA',
      'Allow',
      ['iam:DeactivateMFADevice'],
      anyAccount(mfa, user),
      WITH_MFA,
    ),
    statement(
      `AllowBasic${visibility}WhenLoggedInWithMFA`,
      'Allow',
      [
        'iam:ListUserTags',
        'iam:ListGroupsForUser',
        'iam:ListPolicies',
        'iam:GetGroup',
        'iam:GenerateServiceLastAccessedDetails',
        'iam:ListUserPolicies',
        'iam:GetUser',
        'iam:ListServiceSpecificCredentials',
        'iam:ListAttachedUserPolicies',
      ],
      ['*'],
      WITH_MFA,
    ),
  ];
}
