import { parsePolicyDocument } from './parsePolicyDocument.js';
import type { PolicyDocument } from './policyDocument.js';

/**
 * "Whatever other policies allow": a policy (or a group's policies) enforces MFA only if it denies without
 * MFA even beside a policy that allows everything. One shared object, so the analyzer's cache, keyed by
 * document identity, recognises it everywhere.
 */
export const allowEverything: PolicyDocument = parsePolicyDocument(
  { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  'other attached policies',
);
