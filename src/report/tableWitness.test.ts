// The table shows the witness of a "reachable without MFA" finding on the line under it, aligned with the
// message; findings without one (passes, other checks) get no such line.
import { describe, expect, it } from 'vitest';
import { policyFixture } from '../../test/support/policyFixtures.js';
import { groupDetail, managedPolicy, snapshot, userDetail } from '../../test/support/rawSnapshot.js';
import { buildAccount } from '../adapters/snapshot/buildAccount.js';
import { scanModel } from '../scan/scanModel.js';
import { renderTable } from './table.js';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const result = scanModel(
  buildAccount(
    snapshot({
      users: [
        userDetail('alice', '/', { AttachedManagedPolicies: [{ PolicyArn: ADMIN }] }),
        userDetail('bo', '/', { GroupList: ['enforced'] }),
      ],
      report: [
        { name: 'alice', password: true, mfa: true },
        { name: 'bo', password: true, mfa: true },
      ],
      groups: [
        groupDetail('enforced', {
          GroupPolicyList: [
            { PolicyName: 'mfa', PolicyDocument: policyFixture('aws-manage-own-credentials-with-mfa') },
          ],
        }),
      ],
      policies: [managedPolicy(ADMIN, policyFixture('administrator-access'))],
    }),
  ),
);

describe('table: witness line', () => {
  it('prints the witness under the failing finding, under its message', () => {
    const lines = renderTable(result.findings, result.summary, { colour: false, showPassed: true }).split(
      '\n',
    );
    const at = lines.findIndex((line) =>
      /^ {2}FAIL {4}alice {2}console sessions and access keys: /.test(line),
    );
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe(
      `${' '.repeat(lines[at]!.indexOf('console sessions'))}witness: console-session can iam:CreateAccessKey on arn:aws:iam::123456789012:user/alice (allowed by AdministratorAccess Statement[0])`,
    );
    expect(lines.filter((line) => line.includes('witness:'))).toHaveLength(1);
  });
});
