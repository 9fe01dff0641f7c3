import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePolicyDocument } from './parsePolicyDocument.js';
import type { Witness } from './witness.js';
import { ALLOW_EVERYTHING_JSON, policyJson, replayCommand } from './witnessReplay.js';

const ARN = 'arn:aws:iam::123456789012:user/alice';
const console: Witness = {
  credential: 'console-session',
  action: 'iam:CreateAccessKey',
  resource: ARN,
  context: { 'aws:MultiFactorAuthPresent': 'false', 'aws:username': 'alice', 'aws:PrincipalArn': ARN },
  allowedBy: { policy: 'AdministratorAccess', statement: 'Statement[0]' },
};

describe('replayCommand', () => {
  it('a live user: simulate-principal-policy with the MFA key false for a console session', () => {
    expect(replayCommand(console, { kind: 'principal', arn: ARN })).toBe(
      `aws iam simulate-principal-policy --policy-source-arn ${ARN} --action-names iam:CreateAccessKey --resource-arns ${ARN} ` +
        '--context-entries ContextKeyName=aws:MultiFactorAuthPresent,ContextKeyValues=false,ContextKeyType=boolean ' +
        'ContextKeyName=aws:username,ContextKeyValues=alice,ContextKeyType=string ' +
        `ContextKeyName=aws:PrincipalArn,ContextKeyValues=${ARN},ContextKeyType=string`,
    );
  });

  it('an access key: no MFA entry at all, and no --context-entries when nothing is present', () => {
    const key: Witness = {
      ...console,
      credential: 'access-key',
      resource: '*',
      context: { 'aws:MultiFactorAuthPresent': null },
    };
    expect(replayCommand(key, { kind: 'principal', arn: ARN })).toBe(
      `aws iam simulate-principal-policy --policy-source-arn ${ARN} --action-names iam:CreateAccessKey --resource-arns '*'`,
    );
  });

  it('a group with the Allow-everything companion added; odd names in JSON entries, quoted for bash', () => {
    const odd = "arn:aws:iam::123456789012:user/o'brien,x";
    const witness: Witness = {
      ...console,
      context: { 'aws:username': "o'brien,x", 'aws:PrincipalArn': odd },
    };
    const command = replayCommand(witness, {
      kind: 'principal',
      arn: 'arn:aws:iam::123456789012:group/devs',
      added: [{ json: ALLOW_EVERYTHING_JSON }],
    });
    expect(command).toContain(`--policy-input-list '${ALLOW_EVERYTHING_JSON}' --action-names`);
    const entries = `[{"ContextKeyName":"aws:username","ContextKeyValues":["o'brien,x"],"ContextKeyType":"string"},{"ContextKeyName":"aws:PrincipalArn","ContextKeyValues":["${odd}"],"ContextKeyType":"string"}]`;
    expect(command.endsWith(` --context-entries '${entries.replace(/'/g, `'\\''`)}'`)).toBe(true);
  });

  it('documents: file:// for a single file, the shell reads files in longer lists; a boundary list', () => {
    expect(replayCommand(console, { kind: 'custom', policies: [{ file: 'p.json' }] })).toMatch(
      /^aws iam simulate-custom-policy --policy-input-list file:\/\/p\.json --action-names /,
    );
    const command = replayCommand(console, {
      kind: 'custom',
      policies: [{ file: 'my policy.json' }, { json: ALLOW_EVERYTHING_JSON }],
      boundary: [{ json: '{"Statement":[]}' }],
    });
    expect(command).toMatch(
      /^aws iam simulate-custom-policy --policy-input-list "\$\(cat 'my policy\.json'\)" '\{"Version".*\}' --permissions-boundary-policy-input-list '\{"Statement":\[\]\}' --action-names /,
    );
  });
});

describe('policyJson', () => {
  const dir = new URL('../../test/fixtures/policies/', import.meta.url);
  const files = readdirSync(dir).filter((name) => name.endsWith('.json') && name !== 'invalid-effect.json');

  it.each(files)('%s reads back as the same statements', (name) => {
    const document = parsePolicyDocument(JSON.parse(readFileSync(new URL(name, dir), 'utf8')), name);
    const again = parsePolicyDocument(JSON.parse(policyJson(document)), name);
    expect(again).toEqual(document);
  });
});
