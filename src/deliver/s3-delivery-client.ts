// The S3 client delivery uses: the run's shared settings (endpoint, retries, HTTP handler), path-style
// addressing when an endpoint is given (the emulator, MinIO-like gateways), and the caller's credentials or
// an assumed delivery role.

import { S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { AwsClients } from '../aws/aws-clients.js';
import type { Clock } from '../core/clock.js';

/** Refresh assumed-role credentials this long before they expire. */
const REFRESH_MS = 5 * 60_000;

/** An S3 client for delivery through the run's clients; `destroy()` it after use (the handler is shared). */
export function createDeliveryS3Client(
  clients: AwsClients,
  target: { region: string; roleArn?: string },
  clock: Clock,
): S3Client {
  const credentials = target.roleArn
    ? assumedRole(clients.sts(), target.roleArn, clock)
    : clients.settings.credentials;
  return new S3Client({
    ...clients.baseConfig(target.region, credentials),
    forcePathStyle: clients.settings.endpoint !== undefined,
  });
}

/** Credentials of `roleArn`, assumed with the caller's STS client and renewed before they expire. */
export function assumedRole(sts: STSClient, roleArn: string, clock: Clock): AwsCredentialIdentityProvider {
  let cached: AwsCredentialIdentity | undefined;
  return async () => {
    const left = cached?.expiration ? cached.expiration.getTime() - clock.now().getTime() : 0;
    if (cached && left > REFRESH_MS) return cached;
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: 'evidentia-delivery',
        DurationSeconds: 3600,
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey)
      throw new Error(`AssumeRole for ${roleArn} returned no credentials`);
    cached = {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
      ...(c.Expiration ? { expiration: c.Expiration } : {}),
    };
    return cached;
  };
}
