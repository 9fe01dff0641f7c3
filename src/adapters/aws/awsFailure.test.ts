import { describe, expect, it } from 'vitest';
import { classifyAwsError } from './awsFailure.js';

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
      message: 'could not reach https://iam.example.test: getaddrinfo ENOTFOUND iam.example.test',
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
        'could not reach the AWS endpoint (region eu-west-1): connect ECONNREFUSED ::1:1; connect ECONNREFUSED 127.0.0.1:1',
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

  it('keeps only the first line of a multi-line message', () => {
    const failure = classifyAwsError(
      serviceError('AccessDenied', 'line one\nline two', 403),
      'GetUser',
      context,
    );
    expect(failure).toMatchObject({ message: 'line one' });
  });
});
