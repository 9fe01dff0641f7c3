import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import { ScanError } from '../../errors.js';
import { describeAwsError } from './awsFailure.js';

// Credentials for a role in another account (an organization's member account), for the organization scan
// and for undoing a member account's enforce run. A failure names the role and AWS's reason.

export interface AssumedCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

export async function assumeRoleCredentials(
  sts: STSClient,
  roleArn: string,
  options: { sessionName: string; externalId?: string },
): Promise<AssumedCredentials> {
  try {
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: options.sessionName,
        DurationSeconds: 3600,
        ...(options.externalId ? { ExternalId: options.externalId } : {}),
      }),
    );
    if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey)
      throw new ScanError(`AssumeRole ${roleArn} returned no credentials`);
    return {
      accessKeyId: Credentials.AccessKeyId,
      secretAccessKey: Credentials.SecretAccessKey,
      ...(Credentials.SessionToken ? { sessionToken: Credentials.SessionToken } : {}),
      ...(Credentials.Expiration ? { expiration: Credentials.Expiration } : {}),
    };
  } catch (error) {
    if (error instanceof ScanError) throw error;
    throw new ScanError(`AssumeRole ${roleArn} failed: ${describeAwsError(error)}`, { cause: error });
  }
}
