// The pipeline's one entry into delivery: after a package is sealed and in place, copy it to where the
// profile's `delivery:` says (S3, maybe under Object Lock), verify it there and record where it went in
// `<run-id>.delivery.json` beside the archive. Without `delivery:` nothing happens.

import { writeFile } from 'node:fs/promises';
import type { AwsClients } from '../aws/aws-clients.js';
import type { Profile } from '../catalog/index.js';
import type { Clock } from '../core/clock.js';
import { InputError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { resolveS3Delivery } from './delivery-schema.js';
import type { S3Delivery } from './package-store.js';
import { createDeliveryS3Client } from './s3-delivery-client.js';
import { S3PackageStore } from './s3-package-store.js';

export interface DeliverPackageOptions {
  profile: Profile;
  /** The sealed archive, already in place. */
  archive: string;
  runId: string;
  /** The run's clients (endpoint, caller credentials, retries); not destroyed here. */
  clients: AwsClients;
  clock: Clock;
  logger: Logger;
}

/** Where the delivery record of an archive is written: `<run-id>.delivery.json` beside `<run-id>.tar.gz`. */
export function deliveryRecordPath(archive: string): string {
  return `${archive.replace(/\.tar\.gz$/, '')}.delivery.json`;
}

/** Deliver the package if the profile asks for it; throws DeliveryError when the copy is not verified. */
export async function deliverPackage(opts: DeliverPackageOptions): Promise<S3Delivery | undefined> {
  const { profile, clock, logger } = opts;
  const settings = profile.delivery?.s3;
  if (!settings) return undefined;
  const resolved = resolveS3Delivery(settings, profile.frameworks);
  // Loading the profile already checked this; kept so a profile built in code cannot skip it.
  if (!resolved.ok) throw InputError.forFile(profile.source.path, resolved.message, resolved.field.join('.'));
  const { plan } = resolved;
  const client = createDeliveryS3Client(
    opts.clients,
    { region: plan.region, ...(plan.roleArn ? { roleArn: plan.roleArn } : {}) },
    clock,
  );
  const record = await new S3PackageStore(client, plan, clock).put({
    archive: opts.archive,
    profileId: profile.id,
    runId: opts.runId,
  });
  await writeFile(deliveryRecordPath(opts.archive), `${JSON.stringify(record, null, 2)}\n`);
  logger.info(
    {
      runId: opts.runId,
      uri: record.uri,
      versionId: record.versionId,
      checksum: record.checksumSha256,
      retainUntil: record.objectLock?.retainUntil,
    },
    'package delivered',
  );
  return record;
}
