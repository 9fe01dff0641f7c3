import { ScanError } from '../errors.js';
import { classifyAwsError } from '../adapters/aws/awsFailure.js';
import type { AwsClients } from '../adapters/aws/clients.js';

// One AWS request of `mfa enroll` / `mfa status`. Unlike a scan there is no partial result to fall back on:
// every failure stops the command. A caller may turn a service answer it expects (NoSuchEntity on GetUser)
// into a better error; everything else becomes a ScanError (exit 3) worded by classifyAwsError.

export type ServiceErrorMapper = (code: string, message: string) => Error | undefined;

export async function awsCall<T>(
  clients: AwsClients,
  operation: string,
  call: () => Promise<T>,
  onServiceError?: ServiceErrorMapper,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw awsError(clients, operation, error, onServiceError);
  }
}

export function awsError(
  clients: AwsClients,
  operation: string,
  error: unknown,
  onServiceError?: ServiceErrorMapper,
): Error {
  const failure = classifyAwsError(error, operation, clients);
  if (failure.kind === 'fatal') return new ScanError(failure.message, { cause: error });
  const mapped = onServiceError?.(failure.code, failure.message);
  return (
    mapped ?? new ScanError(`${operation} failed: ${failure.code}: ${failure.message}`, { cause: error })
  );
}
