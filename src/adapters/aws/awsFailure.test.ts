import { describe, expect, it } from 'vitest';
import { classifyAwsError, describeAwsError } from './awsFailure.js';

// Shapes as the SDK throws them: service errors carry $metadata.httpStatusCode, network errors do not.
const context = { region: 'us-east-1', endpointUrl: 'https://iam.example.test' };

function serviceError(name: string, message: string, httpStatusCode: number, attempts = 1): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: 'client',
    $metadata: { httpStatusCode, attempts },
  });
}

describe('classifyAwsError', () => {
  it('a denied call is a service failure of that part', () => {
    expect(
      classifyAwsError(serviceError('AccessDenied', 'not authorized', 403), 'GetAccountSummary', context),
    ).toEqual({
      kind: 'service',
      code: 'AccessDenied',
      message: 'not authorized',
    });
  });

  it('a network error without an HTTP answer is fatal and names the endpoint', () => {
    const error = Object.assign(new Error('getaddrinfo ENOTFOUND iam.example.test'), {
      code: 'ENOTFOUND',
      $metadata: { attempts: 3 },
    });
    expect(classifyAwsError(error, 'GetAccountSummary', context)).toEqual({
      kind: 'fatal',
      message:
        'could not reach https://iam.example.test: getaddrinfo ENOTFOUND iam.example.test (GetAccountSummary after 3 attempts)',
    });
  });

  it('never prints credentials embedded in the endpoint URL', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
      code: 'ECONNREFUSED',
      $metadata: { attempts: 1 },
    });
    const failure = classifyAwsError(error, 'GetCallerIdentity', {
      region: 'us-east-1',
      endpointUrl: 'http://proxyuser:s3cr3t@127.0.0.1:9',
    });
    expect(failure).toEqual({ kind: 'fatal', message: expect.stringContaining('http://127.0.0.1:9/') });
    expect(JSON.stringify(failure)).not.toContain('s3cr3t');
  });

  it('a dual-stack connect failure (AggregateError, empty message) still says why', () => {
    const error = new AggregateError(
      [new Error('connect ECONNREFUSED ::1:1'), new Error('connect ECONNREFUSED 127.0.0.1:1')],
      '',
    );
    expect(classifyAwsError(error, 'GetCallerIdentity', { region: 'eu-west-1' })).toEqual({
      kind: 'fatal',
      message:
        'could not reach the AWS endpoint (region eu-west-1): connect ECONNREFUSED ::1:1; connect ECONNREFUSED 127.0.0.1:1 (GetCallerIdentity)',
    });
  });

  it('an error that is neither an answer nor a network failure is fatal, without blaming the network', () => {
    expect(classifyAwsError(new TypeError('x is undefined'), 'GetAccountSummary', context)).toEqual({
      kind: 'fatal',
      message: 'GetAccountSummary failed: TypeError: x is undefined',
    });
  });

  it('HTTP 429 counts as throttling whatever the code', () => {
    const failure = classifyAwsError(
      serviceError('SomethingElse', 'slow down', 429, 3),
      'ListMFADevices',
      context,
    );
    expect(failure).toEqual({
      kind: 'fatal',
      message:
        'ListMFADevices was still throttled (SomethingElse) after 3 attempts; try again later or lower the concurrency',
    });
  });

  it('credentials the provider chain cannot load are fatal', () => {
    const error = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    expect(classifyAwsError(error, 'GetCallerIdentity', { region: 'us-east-1', profile: 'audit' })).toEqual({
      kind: 'fatal',
      message:
        'could not load AWS credentials for profile "audit": Could not load credentials from any providers',
    });
  });

  it('an expired session token is fatal', () => {
    const failure = classifyAwsError(
      serviceError('ExpiredToken', 'The security token included in the request is expired', 403),
      'GetAccountSummary',
      context,
    );
    expect(failure.kind).toBe('fatal');
  });

  it('an attempt that timed out every time is fatal and says so briefly', () => {
    const error = Object.assign(
      new Error(
        '@smithy/node-http-handler - [ERROR] a request has exceeded the configured 1000 ms requestTimeout.',
      ),
      { name: 'TimeoutError', code: 'ETIMEDOUT', $metadata: { attempts: 5 } },
    );
    expect(classifyAwsError(error, 'GetAccountAuthorizationDetails', context)).toEqual({
      kind: 'fatal',
      message:
        'GetAccountAuthorizationDetails got no answer from https://iam.example.test in time after 5 attempts: no response within 1000 ms',
    });
    const stalled = Object.assign(
      new Error(
        '@smithy/node-http-handler - the request socket timed out after 1000 ms of inactivity (configured by client requestHandler).',
      ),
      { name: 'TimeoutError', $metadata: { attempts: 2 } },
    );
    expect(classifyAwsError(stalled, 'ListVirtualMFADevices', context)).toMatchObject({
      kind: 'fatal',
      message: expect.stringMatching(/in time after 2 attempts: the response stalled for 1000 ms$/),
    });
  });

  it('a reset connection (which the SDK names TimeoutError too) is not called a timeout', () => {
    const error = Object.assign(new Error('socket hang up'), {
      name: 'TimeoutError',
      code: 'ECONNRESET',
      $metadata: { attempts: 5 },
    });
    expect(classifyAwsError(error, 'GetAccountSummary', context)).toEqual({
      kind: 'fatal',
      message:
        'could not reach https://iam.example.test: socket hang up (GetAccountSummary after 5 attempts)',
    });
  });

  it('an HTTP 200 whose body could not be read makes that part unknown', () => {
    const error = Object.assign(new Error('@aws-sdk XML parse error: missing closing tag </Arn>.\n  hint'), {
      $metadata: { httpStatusCode: 200, attempts: 5 },
    });
    expect(classifyAwsError(error, 'GetAccountAuthorizationDetails', context)).toEqual({
      kind: 'service',
      code: 'UnreadableResponse',
      message:
        'the HTTP 200 answer could not be read after 5 attempts (@aws-sdk XML parse error: missing closing tag </Arn>.)',
    });
  });

  it('a pagination loop makes that part unknown', () => {
    const error = Object.assign(new Error('page 2 points back to itself (a repeated Marker)'), {
      name: 'PaginationLoopError',
    });
    expect(classifyAwsError(error, 'ListVirtualMFADevices', context)).toEqual({
      kind: 'service',
      code: 'PaginationLoop',
      message: 'page 2 points back to itself (a repeated Marker)',
    });
  });

  it('keeps only the first line of a multi-line message', () => {
    const failure = classifyAwsError(
      serviceError('AccessDenied', 'line one\nline two', 403),
      'GetUser',
      context,
    );
    expect(failure).toMatchObject({ message: 'line one' });
  });
});

describe('describeAwsError', () => {
  it('puts the SDK shapes plainly, for reasons that already name the call', () => {
    expect(describeAwsError(serviceError('AccessDeniedException', 'not authorized', 400))).toBe(
      'AccessDeniedException: not authorized',
    );
    const reset = Object.assign(new Error('aborted'), {
      code: 'ECONNRESET',
      $metadata: { httpStatusCode: 200 },
    });
    expect(describeAwsError(reset)).toBe(
      'UnreadableResponse: the HTTP 200 answer could not be read (ECONNRESET: aborted)',
    );
    const hangUp = Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET' });
    expect(describeAwsError(hangUp)).toBe('ECONNRESET: socket hang up');
    const loop = Object.assign(new Error('page 2 points back to itself'), { name: 'PaginationLoopError' });
    expect(describeAwsError(loop)).toBe('PaginationLoop: page 2 points back to itself');
  });
});
