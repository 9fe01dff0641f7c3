import { readFileSync } from 'node:fs';
import fc from 'fast-check';

// The inputs every parser must refuse cleanly (or read, when they are valid after all): files cut short,
// binary, nested 10,000 deep, huge, in another encoding, empty. Builders are deterministic so a failing case
// names itself; the arbitraries at the end mutate real files at random points.

const root = new URL('../../', import.meta.url);
export const fixture = (path: string): string => readFileSync(new URL(path, root), 'utf8');

/** Valid files of each format, to cut and mutate. */
export const SAMPLES = {
  policy: () => fixture('test/fixtures/policies/aws-manage-own-credentials-with-mfa.json'),
  authorizationDetails: () => fixture('test/fixtures/export/valid/authorization-details.json'),
  credentialReportJson: () => fixture('test/fixtures/export/valid/credential-report.json'),
  credentialReportCsv: () => fixture('test/fixtures/export/csv-report/credential-report.csv'),
  hcl: () => fixture('examples/terraform/seed-insecure/main.tf'),
  tfJson: () =>
    JSON.stringify(
      {
        resource: {
          aws_iam_group: { admins: { name: 'admins' } },
          aws_iam_group_policy: {
            mfa: {
              group: '${aws_iam_group.admins.name}',
              policy: JSON.stringify({
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
              }),
            },
          },
        },
      },
      null,
      2,
    ),
  plan: () => fixture('test/fixtures/terraform/plan/plan.json'),
  cfnYaml: () => fixture('examples/cloudformation/mfa-groups.yaml'),
  cfnJson: () => fixture('test/fixtures/cloudformation/managed-policy-groups.json'),
  configYaml: () => fixture('examples/mfa-warden.yaml'),
  configJson: () =>
    JSON.stringify({ failOn: 'high', exemptions: [{ resource: 'break-glass', reason: 'r' }] }),
} as const;

export const DEPTH = 10_000;

/** Nesting that JSON.parse and the CST parsers survive but recursive walkers do not. */
export const DEEP = {
  jsonArrays: () => '['.repeat(DEPTH) + ']'.repeat(DEPTH),
  jsonObjects: () => '{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH),
  /** Deep inside an otherwise plausible document, where the walkers after the parser go. */
  jsonInPolicy: () =>
    `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:username":${'['.repeat(DEPTH)}"a"${']'.repeat(DEPTH)}}}}]}`,
  yamlFlow: () => 'Resources: ' + '['.repeat(DEPTH) + ']'.repeat(DEPTH) + '\n',
  yamlBlock: () => 'Resources:\n  A:\n    ' + '- '.repeat(DEPTH) + 'x\n',
  /** Block mappings indented one more space per level (50 MB at 10,000 levels: 2,000 suffice). */
  yamlIndented: () => Array.from({ length: 2_000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' 1\n',
  /** Aliases that nest what they refer to: shallow text, deep value. */
  yamlAliases: () =>
    'a0: &a0 [x]\n' +
    Array.from({ length: 2_000 }, (_, i) => `a${i + 1}: &a${i + 1} [*a${i}]`).join('\n') +
    '\nResources: {}\n',
  /** A YAML "billion laughs": nine levels of ten aliases each. */
  yamlBomb: () =>
    'l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n' +
    Array.from(
      { length: 9 },
      (_, i) => `l${i + 1}: &l${i + 1} [${Array(10).fill(`*l${i}`).join(', ')}]`,
    ).join('\n') +
    '\nResources: {}\n',
  hclBrackets: () => 'locals {\n  a = ' + '['.repeat(DEPTH) + ']'.repeat(DEPTH) + '\n}\n',
  hclBlocks: () => 'b {\n'.repeat(DEPTH) + '}\n'.repeat(DEPTH),
  hclParens: () => 'locals {\n  a = ' + '('.repeat(DEPTH) + '1' + ')'.repeat(DEPTH) + '\n}\n',
  hclOperators: () => 'locals {\n  a = ' + Array(DEPTH).fill('1').join(' + ') + '\n}\n',
  hclCalls: () => 'locals {\n  a = ' + 'max('.repeat(DEPTH) + '1' + ')'.repeat(DEPTH) + '\n}\n',
} as const;

/** Bytes that are not UTF-8 text. */
export const ENCODINGS = {
  latin1: (text: string) => Buffer.from(`${text.slice(0, 1)}caf\u00e9${text.slice(1)}`, 'latin1'),
  utf16le: (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
  utf16be: (text: string) =>
    Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]),
  invalidSequence: (text: string) =>
    Buffer.concat([
      Buffer.from(text.slice(0, 20)),
      Buffer.from([0xc3, 0x28, 0xed, 0xa0, 0x80]),
      Buffer.from(text.slice(20)),
    ]),
  binary: () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 2_654_435_761) % 256)),
  nul: (text: string) => Buffer.from(`${text.slice(0, 10)}\u0000${text.slice(10)}`),
} as const;

/** `count` bytes made of `unit` repeated, between `head` and `tail`, joined by `separator`. */
export function repeatTo(count: number, unit: string, head = '', tail = '', separator = ','): string {
  const n = Math.max(1, Math.floor((count - head.length - tail.length) / (unit.length + separator.length)));
  return head + Array<string>(n).fill(unit).join(separator) + tail;
}

/** Huge inputs of each format, about `bytes` long. */
export const HUGE = {
  policyStatements: (bytes: number) =>
    repeatTo(
      bytes,
      '{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"*"}',
      '{"Version":"2012-10-17","Statement":[',
      ']}',
    ),
  policyString: (bytes: number) =>
    `{"Version":"2012-10-17","Statement":[{"Sid":"${'x'.repeat(bytes)}","Effect":"Allow","Action":"*","Resource":"*"}]}`,
  /** The largest account IAM allows (5,000 users, 300 groups), the rest managed policies with 5 versions each. */
  authorizationDetails: (bytes: number) => {
    const arn = (kind: string, name: string) => `arn:aws:iam::123456789012:${kind}/${name}`;
    const document = (i: number) => ({
      Version: '2012-10-17',
      Statement: Array.from({ length: 8 }, (_, k) => ({
        Sid: `S${k}`,
        Effect: k % 4 ? 'Allow' : 'Deny',
        Action: [`s3:Get${i % 50}*`, `ec2:Describe${k}*`, 'kms:Decrypt'],
        Resource: `arn:aws:s3:::bucket-${i}/*`,
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      })),
    });
    const policy = (i: number) =>
      JSON.stringify({
        PolicyName: `p${i}`,
        Arn: arn('policy', `p${i}`),
        DefaultVersionId: 'v1',
        PolicyVersionList: Array.from({ length: 5 }, (_, v) => ({
          Document: document(i + v),
          VersionId: `v${v + 1}`,
          IsDefaultVersion: v === 0,
        })),
      });
    const policies: string[] = [];
    for (let size = 0, i = 0; size < bytes; i++) {
      const text = policy(i);
      policies.push(text);
      size += text.length + 1;
    }
    const attached = (i: number) => [
      { PolicyName: `p${i % policies.length}`, PolicyArn: arn('policy', `p${i % policies.length}`) },
    ];
    const users = Array.from({ length: 5_000 }, (_, u) => ({
      UserName: `u${u}`,
      Arn: arn('user', `u${u}`),
      UserPolicyList: [],
      GroupList: [`g${u % 300}`],
      AttachedManagedPolicies: attached(u),
    }));
    const groups = Array.from({ length: 300 }, (_, g) => ({
      GroupName: `g${g}`,
      Arn: arn('group', `g${g}`),
      GroupPolicyList: [],
      AttachedManagedPolicies: attached(g),
    }));
    return `{"UserDetailList":${JSON.stringify(users)},"GroupDetailList":${JSON.stringify(groups)},"RoleDetailList":[],"Policies":[${policies.join(',')}]}`;
  },
  credentialReportCsv: (bytes: number) =>
    repeatTo(
      bytes,
      'u,arn:aws:iam::123456789012:user/u,2020-01-01T00:00:00+00:00,true,N/A,N/A,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
      'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n',
      '\n',
      '\n',
    ),
  hclString: (bytes: number) => `locals {\n  a = "${'x'.repeat(bytes)}"\n}\n`,
  hclComments: (bytes: number) => repeatTo(bytes, `# ${'x'.repeat(76)}`, '', '\n', '\n'),
  hclResources: (bytes: number) =>
    repeatTo(bytes, 'resource "aws_iam_user" "u" {\n  name = "u"\n}', '', '\n', '\n'),
  tfJsonString: (bytes: number) => `{"locals":{"a":"${'x'.repeat(bytes)}"}}`,
  plan: (bytes: number) =>
    repeatTo(
      bytes,
      '{"address":"aws_s3_bucket.b","mode":"managed","type":"aws_s3_bucket","name":"b","values":{"bucket":"b"}}',
      '{"format_version":"1.2","planned_values":{"root_module":{"resources":[',
      ']}}}',
    ),
  cfnYamlString: (bytes: number) =>
    `Resources:\n  U: {Type: AWS::IAM::User}\nDescription: ${'x'.repeat(bytes)}\n`,
  configYaml: (bytes: number) =>
    'exemptions:\n' + repeatTo(bytes, '  - {resource: "arn:aws:iam::1:user/x", reason: r}', '', '\n', '\n'),
} as const;

/** A valid file cut at a random point, or with a few characters inserted, deleted or replaced. */
export function mutated(sample: string): fc.Arbitrary<string> {
  const position = fc.nat({ max: Math.max(0, sample.length) });
  const junk = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 8 }),
    fc.constantFrom(
      '{',
      '}',
      '[',
      ']',
      '"',
      '\\',
      ':',
      ',',
      '\n',
      '${',
      '%{',
      '<<EOF\n',
      '!Ref',
      '&a',
      '*a',
      '#',
      '\u0000',
      '\uFFFD',
    ),
  );
  return fc.oneof(
    position.map((at) => sample.slice(0, at)),
    fc
      .array(fc.tuple(position, fc.nat({ max: 8 }), junk), { minLength: 1, maxLength: 4 })
      .map((edits) =>
        edits.reduce(
          (text, [at, remove, insert]) => text.slice(0, at) + insert + text.slice(at + remove),
          sample,
        ),
      ),
  );
}

/** Random bytes, sometimes after a plausible first line. */
export const randomBytes: fc.Arbitrary<Buffer> = fc
  .tuple(
    fc.constantFrom('', '{', 'Resources:\n', 'resource "aws_iam_user" "u" {\n', 'user,arn\n'),
    fc.uint8Array({ maxLength: 512 }),
  )
  .map(([head, bytes]) => Buffer.concat([Buffer.from(head), Buffer.from(bytes)]));
