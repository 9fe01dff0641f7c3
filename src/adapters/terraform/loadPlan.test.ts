import { describe, expect, it } from 'vitest';
import { scanTerraform } from '../../scan/scan.js';
import { loadPlan } from './loadPlan.js';

const GROUP = 'group-mfa-enforced';

describe('Terraform plan JSON', () => {
  it('judges planned values and resolves after-apply ARNs through configuration references', async () => {
    const result = await scanTerraform(['test/fixtures/terraform/plan/plan.json']);
    const status = (check: string, name: string) =>
      result.findings.find((f) => f.check === check && f.resource.name === name)?.status;
    expect(result.inputErrors).toEqual([]);
    // policy_arn is unknown in planned_values; configuration says it is aws_iam_policy.require_mfa.arn.
    expect(status(GROUP, 'support')).toBe('pass');
    expect(status(GROUP, 'developers')).toBe('fail');
    expect(status(GROUP, 'ops')).toBe('pass');
    expect(status('console-user-mfa-enforced', 'alice')).toBe('fail');
    const ops = result.findings.find((f) => f.check === GROUP && f.resource.name === 'ops');
    expect(ops?.resource.source).toMatchObject({ address: 'module.team["ops"].aws_iam_group.this' });
  });

  it('points at the line of each resource, and at the column in a one-line plan', async () => {
    const pretty = await scanTerraform(['test/fixtures/terraform/plan/plan.json']);
    const minified = await scanTerraform(['test/fixtures/terraform/plan/plan-minified.json']);
    const source = (result: typeof pretty) =>
      result.findings.find((f) => f.check === GROUP && f.resource.name === 'developers')?.resource.source;
    expect(source(pretty)).toMatchObject({ kind: 'iac', address: 'aws_iam_group.developers' });
    expect((source(pretty) as { line: number }).line).toBeGreaterThan(10);
    expect(source(minified)).toMatchObject({ line: 1 });
    expect((source(minified) as { column: number }).column).toBeGreaterThan(100);
  });

  it('an unresolvable after-apply value stays unknown', async () => {
    const { readFileSync, writeFileSync, mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const plan = JSON.parse(readFileSync('test/fixtures/terraform/plan/plan.json', 'utf8'));
    plan.configuration.root_module.resources = [];
    const dir = mkdtempSync(join(tmpdir(), 'mfa-warden-plan-'));
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan));
    const result = await scanTerraform([join(dir, 'plan.json')]);
    expect(result.findings.find((f) => f.check === GROUP && f.resource.name === 'support')?.status).toBe(
      'unknown',
    );
  });
});

describe('the account a plan deploys into', () => {
  const identity = (account_id: string, address = 'data.aws_caller_identity.current') => ({
    address,
    mode: 'data',
    type: 'aws_caller_identity',
    name: 'current',
    values: { account_id },
  });
  const plan = (identities: unknown[]) =>
    JSON.stringify({
      format_version: '1.2',
      planned_values: {
        root_module: {
          resources: [
            {
              address: 'aws_iam_user.alice',
              mode: 'managed',
              type: 'aws_iam_user',
              name: 'alice',
              values: { name: 'alice' },
            },
          ],
        },
      },
      prior_state: { values: { root_module: { resources: identities } } },
    });
  const accountOf = (text: string) => {
    const target = loadPlan(text, 'plan.json');
    if (!('account' in target)) throw new Error(target.message);
    const users = target.account.users;
    return { id: target.account.id, arn: Array.isArray(users) ? users[0]?.arn : undefined };
  };

  it('is the caller identity Terraform read while planning, so ARNs in the plan name its principals', () => {
    expect(accountOf(plan([identity('123456789012')]))).toEqual({
      id: '123456789012',
      arn: 'arn:aws:iam::123456789012:user/alice',
    });
  });

  it('is the placeholder when the plan does not say, or names two accounts', () => {
    expect(accountOf(plan([])).id).toBe('000000000000');
    expect(
      accountOf(plan([identity('123456789012'), identity('210987654321', 'data.aws_caller_identity.other')]))
        .id,
    ).toBe('000000000000');
    expect(accountOf(plan([identity('not-an-account')])).id).toBe('000000000000');
  });

  it("falls back to a provider's allowed_account_ids when it names one account", () => {
    const withProviders = (...lists: string[][]) => {
      const parsed = JSON.parse(plan([])) as Record<string, unknown>;
      parsed.configuration = {
        provider_config: Object.fromEntries(
          lists.map((ids, i) => [
            `aws${i ? `.alias${i}` : ''}`,
            { name: 'aws', expressions: { allowed_account_ids: { constant_value: ids } } },
          ]),
        ),
      };
      return JSON.stringify(parsed);
    };
    expect(accountOf(withProviders(['123456789012'])).id).toBe('123456789012');
    expect(accountOf(withProviders(['123456789012'], ['210987654321'])).id).toBe('000000000000');
    expect(accountOf(withProviders(['123456789012', '210987654321'])).id).toBe('000000000000');
  });
});

describe('Terraform plan JSON that Terraform did not write', () => {
  it('reads wrong-typed sections as empty instead of failing', () => {
    const shapes = [
      { planned_values: { root_module: { resources: 5, child_modules: 'x' } } },
      {
        planned_values: { root_module: { resources: [null, 1, 'a', { address: 7 }] } },
        resource_changes: {},
      },
      {
        planned_values: { root_module: { resources: [{ address: 'aws_iam_user.u', type: 3, values: 'v' }] } },
        resource_changes: [{ address: 'aws_iam_user.u', change: { after_unknown: 'all' } }],
        configuration: { root_module: { module_calls: { m: 5, n: { module: [] } }, resources: {} } },
      },
    ];
    for (const shape of shapes) {
      const loaded = loadPlan(JSON.stringify(shape), 'plan.json');
      expect('label' in loaded, JSON.stringify(shape)).toBe(true);
    }
    expect(loadPlan('[1]', 'plan.json')).toMatchObject({
      message: expect.stringMatching(/must be an object/),
    });
  });

  it('names the line of a syntax error, and refuses nesting past the limit', () => {
    expect(loadPlan('{\n  "planned_values": {\n    "root_module": }\n}', 'plan.json')).toMatchObject({
      file: 'plan.json',
      line: 3,
      message: expect.stringMatching(/^invalid plan JSON: /),
    });
    const deep = `{"planned_values":{"root_module":${'{"child_modules":['.repeat(2_000)}${']}'.repeat(2_000)}}}`;
    expect(loadPlan(deep, 'plan.json')).toMatchObject({
      line: 1,
      message: expect.stringMatching(/^nested deeper than 256 levels/),
    });
  });
});
