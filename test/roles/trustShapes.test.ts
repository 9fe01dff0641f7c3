import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/checks/check.js';
import { scanAccount, scanCloudFormation, scanExport, scanTerraform } from '../../src/scan/scan.js';
import { MOTO_ACCOUNT_ID, motoCollectOptions } from '../harness/awsClients.js';
import { useMoto } from '../harness/motoFixture.js';
import { writeTree } from '../support/iacFixture.js';
import {
  renderCloudFormation,
  renderCloudFormationYaml,
  renderPlan,
  renderTerraform,
  seedMoto,
  writeExport,
  type Scenario,
} from './trustRenderers.js';
import { EXPECTATIONS, ROLES, USERS, withAccount, type Expectation } from './trustScenario.js';

// The same account, with every trust shape and chain the role checks know, scanned live (moto), from the
// export the aws CLI writes of it, and as Terraform (two styles and plan JSON) and CloudFormation: every
// adapter must reach the same verdicts, and the IaC ones must say nothing of what only a live account holds.

const SCENARIO: Scenario = { roles: ROLES, users: USERS };
const CHECKS = ['role-trust-mfa', 'console-user-mfa-enforced'];
const moto = useMoto();
const findings = new Map<string, readonly Finding[]>();
const templates: string[] = [];

beforeAll(async () => {
  // Seeded and read in one hook: moto is emptied before every test.
  await seedMoto(moto.iam, SCENARIO, MOTO_ACCOUNT_ID);
  findings.set(
    'moto',
    (await scanAccount({ ...motoCollectOptions(moto.moto.endpoint), checks: CHECKS })).findings,
  );
  const exportDir = mkdtempSync(join(tmpdir(), 'mfa-warden-trust-export-'));
  await writeExport(moto.moto.endpoint, exportDir);
  findings.set('export', (await scanExport(exportDir, { checks: CHECKS })).findings);

  for (const style of ['heredoc', 'policy-document'] as const) {
    const result = await scanTerraform([writeTree({ 'main.tf': renderTerraform(SCENARIO, style) })], {
      checks: CHECKS,
    });
    expect(result.inputErrors).toEqual([]);
    findings.set(`terraform ${style}`, result.findings);
  }
  // The account written as a number, as much code does, instead of read from the provider or the stack.
  const literal = withAccount(SCENARIO, MOTO_ACCOUNT_ID);
  const literalTf = await scanTerraform(
    [writeTree({ 'main.tf': renderTerraform(literal, 'policy-document') })],
    {
      checks: CHECKS,
    },
  );
  expect(literalTf.inputErrors).toEqual([]);
  findings.set('terraform literal account', literalTf.findings);
  const literalYaml = join(mkdtempSync(join(tmpdir(), 'mfa-warden-trust-cfn-')), 'literal.yaml');
  writeFileSync(literalYaml, renderCloudFormationYaml(literal));
  templates.push(literalYaml);
  const literalCfn = await scanCloudFormation([literalYaml], { checks: CHECKS });
  expect(literalCfn.inputErrors).toEqual([]);
  findings.set('cloudformation literal account', literalCfn.findings);

  const planDir = writeTree({ 'plan.json': renderPlan(SCENARIO, MOTO_ACCOUNT_ID) });
  const plan = await scanTerraform([join(planDir, 'plan.json')], { checks: CHECKS });
  expect(plan.inputErrors).toEqual([]);
  findings.set('terraform plan', plan.findings);

  const cfnFile = join(mkdtempSync(join(tmpdir(), 'mfa-warden-trust-cfn-')), 'template.json');
  writeFileSync(cfnFile, renderCloudFormation(SCENARIO));
  templates.push(cfnFile);
  const cfn = await scanCloudFormation([cfnFile], { checks: CHECKS });
  expect(cfn.inputErrors).toEqual([]);
  findings.set('cloudformation', cfn.findings);
  const yamlFile = join(mkdtempSync(join(tmpdir(), 'mfa-warden-trust-cfn-')), 'template.yaml');
  writeFileSync(yamlFile, renderCloudFormationYaml(SCENARIO));
  templates.push(yamlFile);
  const yaml = await scanCloudFormation([yamlFile], { checks: CHECKS });
  expect(yaml.inputErrors).toEqual([]);
  findings.set('cloudformation yaml', yaml.findings);
}, 180_000);

const ADAPTERS = [
  'moto',
  'export',
  'terraform heredoc',
  'terraform policy-document',
  'terraform plan',
  'cloudformation',
  'cloudformation yaml',
  'terraform literal account',
  'cloudformation literal account',
];
const live = (adapter: string) => adapter === 'moto' || adapter === 'export';
const label = (e: Expectation) => `${e.check} ${e.name}: ${e.status ?? 'not evaluated'}`;

describe.each(ADAPTERS)('trust shapes and chains on %s', (adapter) => {
  const cases = EXPECTATIONS.filter((e) => live(adapter) || !e.liveOnly);

  it.each(cases.map((e) => [label(e), e] as const))('%s', (_label, expected) => {
    const finding = findings
      .get(adapter)
      ?.find((f) => f.check === expected.check && f.resource.name === expected.name);
    expect(finding?.status, finding?.message).toBe(expected.status);
    if (!finding) return;
    if (expected.message) expect(finding.message).toMatch(expected.message);
    // Trust in the account's own principals is never reported as cross-account.
    const trusted = (finding.details?.trustedAccounts as string[] | undefined) ?? [];
    if (expected.check === 'role-trust-mfa') expect(trusted).toEqual(expected.trustedAccounts ?? []);
    if (expected.chains) {
      const chains = (finding.details?.chains as { chain: string; depth: number }[] | undefined) ?? [];
      expect(chains.map((c) => [c.chain, c.depth])).toEqual(expect.arrayContaining([...expected.chains]));
    }
  });

  it('judges every role and console user of the scenario, and nothing else', () => {
    const judged = (findings.get(adapter) ?? []).map((f) => `${f.check} ${f.resource.name}`).sort();
    const expected = cases.filter((e) => e.status !== undefined).map((e) => `${e.check} ${e.name}`);
    // Roles without an expectation of their own (the hops, ping and pong) are judged too.
    expect(judged).toEqual(expect.arrayContaining(expected));
    const roles = ROLES.filter((r) => live(adapter) || !r.liveOnly).length - (live(adapter) ? 1 : 0);
    expect(judged.filter((j) => j.startsWith('role-trust-mfa ')).length).toBe(roles);
    expect(judged.filter((j) => j.startsWith('console-user-mfa-enforced ')).length).toBe(USERS.length);
  });
});

it('renders templates CloudFormation accepts (cfn-lint reports nothing)', async () => {
  const result = await promisify(execFile)('cfn-lint', templates).then(
    ({ stdout }) => stdout,
    (error: { stdout?: string }) => error.stdout ?? String(error),
  );
  expect(result).toBe('');
}, 120_000);
