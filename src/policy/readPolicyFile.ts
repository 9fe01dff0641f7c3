import { InputError } from '../errors.js';
import { parseJson } from '../input/parseJson.js';
import { readTextIfPresent } from '../input/readText.js';
import { parsePolicyDocument } from './parsePolicyDocument.js';
import type { PolicyDocument } from './policyDocument.js';

/**
 * Reads a policy document from a file: the document as written (by hand or for Terraform), or the output of
 * `aws iam get-policy-version`. Every problem is an InputError naming the file (and line or statement).
 */
export async function readPolicyFile(file: string): Promise<PolicyDocument> {
  const text = await readTextIfPresent(file);
  if (text === undefined) throw new InputError('no such file', file);
  // Valid UTF-8 can still be binary; its NUL bytes would otherwise be quoted in a JSON syntax error.
  if (text.includes('\u0000')) throw new InputError('is a binary file, not a JSON policy document', file);
  return parsePolicyDocument(policyDocumentOf(parseJson(text, file, 'a JSON policy document'), file), file);
}

/** A policy document as written, or the `Document` of `aws iam get-policy-version` output. */
function policyDocumentOf(value: unknown, file: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(
      'expected a policy document (an object with "Statement") or `aws iam get-policy-version` output',
      file,
    );
  }
  if (!('PolicyVersion' in value)) return value;
  const version = (value as { PolicyVersion: unknown }).PolicyVersion;
  const document =
    typeof version === 'object' && version !== null
      ? (version as { Document?: unknown }).Document
      : undefined;
  if (document === undefined || document === null) {
    throw new InputError(
      'PolicyVersion has no Document (expected `aws iam get-policy-version` output)',
      file,
    );
  }
  // The aws CLI decodes the URL-encoded Document into an object; parsePolicyDocument also reads it as text.
  return document;
}
