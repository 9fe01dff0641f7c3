// `--exempt-arn` values: break-glass principals an MFA Deny leaves out through `ArnNotLike aws:PrincipalArn`.
// They are checked before anything is generated, so a typo fails loudly instead of exempting nobody (or, in
// an ArnNotLike, silently meaning something else).
import { InputError } from '../errors.js';

// arn:PARTITION:iam::ACCOUNT:RESOURCE. ArnNotLike takes * and ? anywhere, so the account is 12 digits or a
// pattern, and the resource is what IAM names allow (letters, digits, + = , . @ _ -), paths and wildcards.
const IAM_ARN = /^arn:aws(?:-[a-z]+)*:iam::(?:\d{12}|[\d*?]*[*?][\d*?]*)?:[\w+=,.@\-/*?]+$/;

/** The exempt ARNs, checked, without duplicates, in the order given; InputError names a bad value. */
export function checkedExemptArns(values: readonly string[] | undefined): string[] {
  const arns: string[] = [];
  for (const value of values ?? []) {
    if (!IAM_ARN.test(value)) {
      throw new InputError(
        `--exempt-arn "${value}" is not an IAM ARN (expected arn:aws:iam::ACCOUNT_ID:user/NAME or :role/NAME)`,
      );
    }
    if (!arns.includes(value)) arns.push(value);
  }
  return arns;
}

/** The Condition clause that leaves the exempt principals out of a Deny; nothing when there are none. */
export function exemptCondition(arns: readonly string[]): Record<string, unknown> {
  return arns.length === 0 ? {} : { ArnNotLike: { 'aws:PrincipalArn': [...arns] } };
}
