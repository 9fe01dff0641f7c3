import { describe, expect, it } from 'vitest';
import { evaluateConditions } from './evaluateCondition.js';
import { parsePolicyDocument } from './parsePolicyDocument.js';
import {
  accessKeyWithoutMfa,
  consoleWithoutMfa,
  requestContext,
  withMfa,
  type ContextKeys,
  type RequestContext,
} from './requestContext.js';

/** Parse a Condition block the way it appears in a policy and evaluate it. */
function evaluate(condition: Record<string, unknown>, context: RequestContext, variables = true) {
  const doc = parsePolicyDocument(
    {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: condition }],
    },
    'test',
  );
  return evaluateConditions(doc.statements[0]?.conditions ?? [], context, { variables });
}

/** A fully known request: keys not listed are absent. */
const request = (keys: ContextKeys) => requestContext('request', keys, 'absent');

describe('MFA keys in the three request contexts', () => {
  const cases: [string, Record<string, unknown>, string, string, string][] = [
    // condition, console without MFA, access key, with MFA
    ['Bool false', { Bool: { 'aws:MultiFactorAuthPresent': 'false' } }, 'true', 'false', 'false'],
    [
      'BoolIfExists false',
      { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
      'true',
      'true',
      'false',
    ],
    ['Bool true', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, 'false', 'false', 'true'],
    [
      'BoolIfExists true',
      { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } },
      'false',
      'true',
      'true',
    ],
    ['Null true', { Null: { 'aws:MultiFactorAuthPresent': 'true' } }, 'false', 'true', 'false'],
    ['Null false', { Null: { 'aws:MultiFactorAuthPresent': 'false' } }, 'true', 'false', 'true'],
    ['Null age true', { Null: { 'aws:MultiFactorAuthAge': 'true' } }, 'true', 'true', 'false'],
    [
      'NumericGreaterThan age',
      { NumericGreaterThan: { 'aws:MultiFactorAuthAge': '3600' } },
      'false',
      'false',
      'false',
    ],
    [
      '...IfExists age',
      { NumericGreaterThanIfExists: { 'aws:MultiFactorAuthAge': '3600' } },
      'true',
      'true',
      'false',
    ],
    [
      'ForAnyValue:Bool false',
      { 'ForAnyValue:Bool': { 'aws:MultiFactorAuthPresent': 'false' } },
      'true',
      'false',
      'false',
    ],
    [
      'ForAllValues:Bool false',
      { 'ForAllValues:Bool': { 'aws:MultiFactorAuthPresent': 'false' } },
      'true',
      'true',
      'false',
    ],
  ];
  it.each(cases)('%s', (_name, condition, console, key, mfa) => {
    expect(evaluate(condition, consoleWithoutMfa)).toBe(console);
    expect(evaluate(condition, accessKeyWithoutMfa)).toBe(key);
    expect(evaluate(condition, withMfa)).toBe(mfa);
  });

  it('reads JSON booleans, "False" and lower-case keys and operators like "false"', () => {
    expect(evaluate({ Bool: { 'aws:MultiFactorAuthPresent': false } }, consoleWithoutMfa)).toBe('true');
    expect(evaluate({ Bool: { 'aws:MultiFactorAuthPresent': 'False' } }, consoleWithoutMfa)).toBe('true');
    expect(evaluate({ boolifexists: { 'AWS:MULTIFACTORAUTHPRESENT': 'false' } }, accessKeyWithoutMfa)).toBe(
      'true',
    );
  });
});

describe('unknown keys give unknown (three-valued logic)', () => {
  it('a key the context does not fix is unknown; AND with false is false, with true stays unknown', () => {
    expect(evaluate({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, consoleWithoutMfa)).toBe('unknown');
    expect(
      evaluate(
        { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
        consoleWithoutMfa,
      ),
    ).toBe('false');
    expect(
      evaluate(
        {
          BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' },
          IpAddress: { 'aws:SourceIp': '10.0.0.0/8' },
        },
        consoleWithoutMfa,
      ),
    ).toBe('unknown');
  });
});

describe('keys AWS always sends, with a value the context does not fix', () => {
  it('decides Null and a StringLike pattern that matches everything, and nothing else', () => {
    const region = (condition: Record<string, unknown>) => evaluate(condition, consoleWithoutMfa);
    expect(region({ StringLike: { 'aws:RequestedRegion': '*' } })).toBe('true');
    expect(region({ StringLikeIfExists: { 'aws:RequestedRegion': ['eu-*', '*'] } })).toBe('true');
    expect(region({ StringNotLike: { 'aws:RequestedRegion': '*' } })).toBe('false');
    expect(region({ Null: { 'aws:RequestedRegion': 'true' } })).toBe('false');
    expect(region({ Null: { 'aws:PrincipalArn': 'false' } })).toBe('true');
    expect(region({ StringLike: { 'aws:RequestedRegion': 'eu-*' } })).toBe('unknown');
    expect(region({ StringEquals: { 'aws:RequestedRegion': '*' } })).toBe('unknown');
    expect(region({ ArnLike: { 'aws:PrincipalArn': '*' } })).toBe('unknown');
    // Keys that are not always sent stay unknown even for Null.
    expect(region({ Null: { 'aws:SourceIp': 'true' } })).toBe('unknown');
    // A context that fixes the key wins.
    expect(evaluate({ StringLike: { 'aws:RequestedRegion': '*' } }, request({}))).toBe('false');
  });
});

describe('condition operators on a fully known request', () => {
  it('String operators, case sensitivity, negation as NOR over values', () => {
    const ctx = request({ 'aws:username': 'Alice' });
    expect(evaluate({ StringEquals: { 'aws:username': ['bob', 'Alice'] } }, ctx)).toBe('true');
    expect(evaluate({ StringEquals: { 'aws:username': 'alice' } }, ctx)).toBe('false');
    expect(evaluate({ StringEqualsIgnoreCase: { 'aws:username': 'alice' } }, ctx)).toBe('true');
    expect(evaluate({ StringNotEquals: { 'aws:username': ['bob', 'carol'] } }, ctx)).toBe('true');
    expect(evaluate({ StringNotEquals: { 'aws:username': ['bob', 'Alice'] } }, ctx)).toBe('false');
    expect(evaluate({ StringNotEqualsIgnoreCase: { 'aws:username': 'ALICE' } }, ctx)).toBe('false');
  });

  it('StringLike with * and ?', () => {
    const ctx = request({ 's3:prefix': 'home/alice/notes.txt' });
    expect(evaluate({ StringLike: { 's3:prefix': 'home/*' } }, ctx)).toBe('true');
    expect(evaluate({ StringLike: { 's3:prefix': 'home/alic?/*.txt' } }, ctx)).toBe('true');
    expect(evaluate({ StringLike: { 's3:prefix': 'home/al?/*' } }, ctx)).toBe('false');
    expect(evaluate({ StringLike: { 's3:prefix': 'Home/*' } }, ctx)).toBe('false');
    expect(evaluate({ StringNotLike: { 's3:prefix': 'tmp/*' } }, ctx)).toBe('true');
  });

  it('policy variables resolve from the request, or are unknown when the context does not fix them', () => {
    const doc = { StringLike: { 's3:prefix': 'home/${aws:username}/*' } };
    expect(evaluate(doc, request({ 's3:prefix': 'home/alice/x', 'aws:username': 'alice' }))).toBe('true');
    expect(evaluate(doc, request({ 's3:prefix': 'home/bob/x', 'aws:username': 'alice' }))).toBe('false');
    expect(evaluate(doc, requestContext('partial', { 's3:prefix': 'home/bob/x' }))).toBe('unknown');
    // Without Version 2012-10-17 the variable is literal text.
    expect(evaluate(doc, request({ 's3:prefix': 'home/${aws:username}/x' }), false)).toBe('true');
  });

  it('the escapes ${*} and ${?} are literal characters, not wildcards', () => {
    const like = { StringLike: { 'aws:username': 'a${*}b${?}' } };
    expect(evaluate(like, request({ 'aws:username': 'a*b?' }))).toBe('true');
    expect(evaluate(like, request({ 'aws:username': 'axxbc' }))).toBe('false');
    const equals = { StringEquals: { 'aws:username': 'a${*}b' } };
    expect(evaluate(equals, request({ 'aws:username': 'a*b' }))).toBe('true');
    // A real wildcard beside an escape still works.
    expect(
      evaluate({ StringLike: { 'aws:username': '${*}*' } }, request({ 'aws:username': '*anything' })),
    ).toBe('true');
  });

  it('Numeric operators; non-numbers never match', () => {
    const ctx = request({ 'aws:MultiFactorAuthAge': '900' });
    expect(evaluate({ NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }, ctx)).toBe('true');
    expect(evaluate({ NumericLessThanEquals: { 'aws:MultiFactorAuthAge': 900 } }, ctx)).toBe('true');
    expect(evaluate({ NumericGreaterThanEquals: { 'aws:MultiFactorAuthAge': '901' } }, ctx)).toBe('false');
    expect(evaluate({ NumericEquals: { 'aws:MultiFactorAuthAge': '900.0' } }, ctx)).toBe('true');
    expect(evaluate({ NumericNotEquals: { 'aws:MultiFactorAuthAge': '900' } }, ctx)).toBe('false');
    expect(evaluate({ NumericEquals: { 'aws:MultiFactorAuthAge': 'abc' } }, ctx)).toBe('false');
  });

  it('Date operators with ISO 8601 and epoch seconds', () => {
    const ctx = request({ 'aws:CurrentTime': '2026-03-01T12:00:00Z', 'aws:EpochTime': '1772366400' });
    expect(evaluate({ DateGreaterThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' } }, ctx)).toBe('true');
    expect(evaluate({ DateLessThan: { 'aws:CurrentTime': '2026-01-01' } }, ctx)).toBe('false');
    expect(evaluate({ DateEquals: { 'aws:EpochTime': '2026-03-01T12:00:00Z' } }, ctx)).toBe('true');
    expect(evaluate({ DateLessThanEquals: { 'aws:CurrentTime': '1772366400' } }, ctx)).toBe('true');
    expect(evaluate({ DateNotEquals: { 'aws:CurrentTime': '2026-03-01T12:00:00Z' } }, ctx)).toBe('false');
  });

  it('IpAddress / NotIpAddress with IPv4 and IPv6 CIDRs', () => {
    const v4 = request({ 'aws:SourceIp': '203.0.113.77' });
    expect(evaluate({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, v4)).toBe('true');
    expect(evaluate({ IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] } }, v4)).toBe('false');
    expect(evaluate({ IpAddress: { 'aws:SourceIp': '203.0.113.77' } }, v4)).toBe('true');
    expect(evaluate({ NotIpAddress: { 'aws:SourceIp': '203.0.113.0/26' } }, v4)).toBe('true');
    const v6 = request({ 'aws:SourceIp': '2001:db8::1' });
    expect(evaluate({ IpAddress: { 'aws:SourceIp': '2001:db8::/32' } }, v6)).toBe('true');
    expect(evaluate({ IpAddress: { 'aws:SourceIp': '2001:db9::/32' } }, v6)).toBe('false');
    expect(evaluate({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, v6)).toBe('false');
  });

  it('Arn operators match each ARN part separately', () => {
    const ctx = request({ 'aws:SourceArn': 'arn:aws:sns:eu-west-1:123456789012:topic' });
    expect(evaluate({ ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:123456789012:*' } }, ctx)).toBe('true');
    expect(
      evaluate({ ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:123456789012:topic' } }, ctx),
    ).toBe('true');
    expect(evaluate({ ArnLike: { 'aws:SourceArn': 'arn:aws:sqs:*:*:*' } }, ctx)).toBe('false');
    expect(evaluate({ ArnNotLike: { 'aws:SourceArn': 'arn:aws:sqs:*:*:*' } }, ctx)).toBe('true');
  });

  it('BinaryEquals compares the decoded bytes', () => {
    const ctx = request({ 'ex:blob': 'QmluYXJ5VmFsdWU=' });
    expect(evaluate({ BinaryEquals: { 'ex:blob': 'QmluYXJ5VmFsdWU=' } }, ctx)).toBe('true');
    expect(evaluate({ BinaryEquals: { 'ex:blob': 'T3RoZXI=' } }, ctx)).toBe('false');
  });

  it('several keys and operators are AND-ed', () => {
    const ctx = request({ 'aws:username': 'alice', 'aws:SourceIp': '10.1.2.3' });
    expect(
      evaluate(
        { StringEquals: { 'aws:username': 'alice' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
        ctx,
      ),
    ).toBe('true');
    expect(evaluate({ StringEquals: { 'aws:username': 'alice', 'aws:SourceIp': '10.1.2.4' } }, ctx)).toBe(
      'false',
    );
  });
});

describe('missing keys', () => {
  const none = request({});
  it('positive operators are false, negated ones true, ...IfExists true', () => {
    expect(evaluate({ StringEquals: { 'aws:PrincipalTag/team': 'ops' } }, none)).toBe('false');
    expect(evaluate({ StringNotEquals: { 'aws:PrincipalTag/team': 'ops' } }, none)).toBe('true');
    expect(evaluate({ StringNotLike: { 'aws:PrincipalTag/team': 'o*' } }, none)).toBe('true');
    expect(evaluate({ ArnNotLike: { 'aws:SourceArn': 'arn:aws:sns:*:*:*' } }, none)).toBe('true');
    expect(evaluate({ NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, none)).toBe('true');
    expect(evaluate({ StringEqualsIfExists: { 'aws:PrincipalTag/team': 'ops' } }, none)).toBe('true');
    expect(evaluate({ Null: { 'aws:PrincipalTag/team': 'true' } }, none)).toBe('true');
    expect(evaluate({ Null: { 'aws:PrincipalTag/team': 'false' } }, none)).toBe('false');
  });

  it('ForAllValues is true and ForAnyValue false when the key is missing, negated or not', () => {
    expect(evaluate({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env'] } }, none)).toBe('true');
    expect(evaluate({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env'] } }, none)).toBe('false');
    expect(evaluate({ 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['env'] } }, none)).toBe('true');
    expect(evaluate({ 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['env'] } }, none)).toBe('false');
  });

  it('set operators over multi-valued keys', () => {
    const tags = request({ 'aws:TagKeys': ['env', 'team'] });
    expect(evaluate({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team', 'cost'] } }, tags)).toBe(
      'true',
    );
    expect(evaluate({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env'] } }, tags)).toBe('false');
    expect(evaluate({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['team'] } }, tags)).toBe('true');
    expect(evaluate({ 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['env'] } }, tags)).toBe('true');
    expect(evaluate({ 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['env'] } }, tags)).toBe('false');
    expect(evaluate({ 'ForAnyValue:StringLike': { 'aws:TagKeys': ['te*'] } }, tags)).toBe('true');
  });
});
