import { GetPolicyCommand, GetPolicyVersionCommand } from '@aws-sdk/client-iam';
import pLimit from 'p-limit';
import { isUnknown, unknownValue, type Maybe, type UnknownValue } from '../../model/unknown.js';
import type { RawAuthorizationDetails, RawManagedPolicyDetail } from '../snapshot/iamSnapshot.js';
import { DEFAULT_CONCURRENCY } from './fetchPerUserState.js';
import { readPart, type ScanContext } from './scanContext.js';

// GetAccountAuthorizationDetails with the AWSManagedPolicy filter returns every AWS managed policy (~1,400
// documents, several MB), whatever the account uses; reading and parsing them was most of a small scan.
// The checks need only the policies a principal carries, so we ask for those alone: GetPolicy for the
// default version id, then that version's document, each distinct policy once. A policy we cannot read
// keeps its place in the data with an unknown document, so every check that needs it says unknown, not pass.

const AWS_MANAGED_ARN = /^arn:[^:]+:iam::aws:policy\//;

/** A document already at hand (e.g. a bundled snapshot) for one policy version, keyed by the policy's ARN. */
export interface KnownPolicyVersion {
  readonly versionId: string;
  readonly document: unknown;
}

export interface AwsManagedPolicyOptions {
  /** Policies read in parallel; default the per-user default, 8. */
  concurrency?: number;
  /**
   * Documents known without asking: used when the version id matches the live default version, which saves
   * the GetPolicyVersion call. The bundled data/aws-managed-policies.json holds no version ids (yet), so a
   * live scan passes none; the lookup must answer only for the ARN's own partition.
   */
  known?: (arn: string) => KnownPolicyVersion | undefined;
}

/**
 * The distinct AWS managed policies the account uses, sorted: attached to a user, group or role, or set as
 * the permissions boundary of a user or role (the model keeps both boundaries).
 */
export function attachedAwsManagedPolicyArns(details: RawAuthorizationDetails): string[] {
  const arns = new Set<string>();
  const add = (arn: string | undefined): void => {
    if (arn && AWS_MANAGED_ARN.test(arn)) arns.add(arn);
  };
  for (const principal of [
    ...(details.UserDetailList ?? []),
    ...(details.GroupDetailList ?? []),
    ...(details.RoleDetailList ?? []),
  ]) {
    for (const attached of principal.AttachedManagedPolicies ?? []) add(attached.PolicyArn);
  }
  for (const principal of [...(details.UserDetailList ?? []), ...(details.RoleDetailList ?? [])]) {
    add(principal.PermissionsBoundary?.PermissionsBoundaryArn);
  }
  return [...arns].sort();
}

/**
 * Adds the AWS managed policies the principals use to `details.Policies`, in the shape
 * GetAccountAuthorizationDetails gives them, so the model builder treats both alike. Policies already in the
 * listing (a server that ignored the filter) are not asked again.
 */
export async function addAttachedAwsManagedPolicies(
  context: ScanContext,
  details: RawAuthorizationDetails,
  options: AwsManagedPolicyOptions = {},
): Promise<RawAuthorizationDetails> {
  const listed = new Set((details.Policies ?? []).map((policy) => policy.Arn));
  const missing = attachedAwsManagedPolicyArns(details).filter((arn) => !listed.has(arn));
  if (missing.length === 0) return details;
  const fetched = await fetchAwsManagedPolicies(context, missing, options);
  return { ...details, Policies: [...(details.Policies ?? []), ...fetched] };
}

/**
 * One entry per ARN, in order, each with its default version as the only PolicyVersionList entry. When a
 * read fails with a service error (AccessDenied, NoSuchEntity, a 5xx after retries), that version's Document
 * is an UnknownValue naming the call and the ARN; errors that stop the scan (throttling past the retries,
 * network, credentials) are thrown, after the other reads have stopped.
 */
export async function fetchAwsManagedPolicies(
  context: ScanContext,
  arns: readonly string[],
  options: AwsManagedPolicyOptions = {},
): Promise<RawManagedPolicyDetail[]> {
  const limit = pLimit(Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY)));
  const tasks = arns.map((arn) =>
    limit(() => {
      context.signal.throwIfAborted();
      return readPolicy(context, arn, options.known);
    }),
  );
  // allSettled, as in fetchPerUserState: after a fatal error the queued reads must drain before we return.
  const results = await Promise.allSettled(tasks);
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw context.signal.aborted ? context.signal.reason : failed.reason;
  return results.map((result) => (result as PromiseFulfilledResult<RawManagedPolicyDetail>).value);
}

async function readPolicy(
  context: ScanContext,
  arn: string,
  known: AwsManagedPolicyOptions['known'],
): Promise<RawManagedPolicyDetail> {
  const response = await readPart(context, `GetPolicy ${arn}`, () =>
    context.clients.iam.send(new GetPolicyCommand({ PolicyArn: arn }), { abortSignal: context.signal }),
  );
  if (isUnknown(response)) return unreadable(arn, response);
  const policy = response.Policy;
  const versionId = policy?.DefaultVersionId;
  if (!versionId) return unreadable(arn, unknownValue(`GetPolicy ${arn} returned no DefaultVersionId`));

  const bundled = known?.(arn);
  const document: Maybe<unknown> =
    bundled && bundled.versionId === versionId
      ? bundled.document
      : await readDocument(context, arn, versionId);
  return {
    PolicyName: policy.PolicyName,
    PolicyId: policy.PolicyId,
    Arn: policy.Arn ?? arn,
    Path: policy.Path,
    DefaultVersionId: versionId,
    PolicyVersionList: [{ Document: document, VersionId: versionId, IsDefaultVersion: true }],
  };
}

async function readDocument(context: ScanContext, arn: string, versionId: string): Promise<Maybe<unknown>> {
  const operation = `GetPolicyVersion ${arn} ${versionId}`;
  const response = await readPart(context, operation, () =>
    context.clients.iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId }), {
      abortSignal: context.signal,
    }),
  );
  if (isUnknown(response)) return response;
  return response.PolicyVersion?.Document ?? unknownValue(`${operation} returned no document`);
}

/** The policy is attached, so it stays in the data; its document is unknown, with the reason. */
function unreadable(arn: string, reason: UnknownValue): RawManagedPolicyDetail {
  // arn:aws:iam::aws:policy/service-role/AWSLambdaRole: path /service-role/, name AWSLambdaRole.
  const match = /:policy(\/(?:.*\/)?)([^/]+)$/.exec(arn);
  return {
    Arn: arn,
    ...(match ? { Path: match[1], PolicyName: match[2] } : {}),
    PolicyVersionList: [{ Document: reason, IsDefaultVersion: true }],
  };
}
