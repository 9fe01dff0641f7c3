import { parsePolicyDocument, type PolicyDocument } from '../policy/index.js';

/**
 * "Whatever other policies allow": a group enforces MFA only if its own policies deny without MFA even when
 * something else allows everything. One shared object, so the analyzer's cache recognises it.
 */
export const allowEverything: PolicyDocument = parsePolicyDocument(
  { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  'any other policy',
);
