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
import { LocalFolderPackageStore, type PackageStore, type S3Delivery } from './package-store.js';
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

/** The store a profile's packages go to: S3 when it has `delivery.s3`, else the local folder they are in. */
export function packageStoreFor(profile: Profile, clients: AwsClients, clock: Clock): PackageStore {
  const settings = profile.delivery?.s3;
  if (!settings) return new LocalFolderPackageStore();
  const resolved = resolveS3Delivery(settings, profile.frameworks);
  // Loading the profile already checked this; kept so a profile built in code cannot skip it.
  if (!resolved.ok) throw InputError.forFile(profile.source.path, resolved.message, resolved.field.join('.'));
  const { plan } = resolved;
  const client = createDeliveryS3Client(
    clients,
    { region: plan.region, ...(plan.roleArn ? { roleArn: plan.roleArn } : {}) },
    clock,
  );
  return new S3PackageStore(client, plan, clock);
}

/**
 * Put the package where the profile says; for S3, record the delivery beside the archive and return it.
 * Throws DeliveryError when the copy is not verified. A local package is left as it is (returns undefined).
 */
export async function deliverPackage(opts: DeliverPackageOptions): Promise<S3Delivery | undefined> {
  const { profile, clock, logger } = opts;
  const store = packageStoreFor(profile, opts.clients, clock);
  const record = await store.put({ archive: opts.archive, profileId: profile.id, runId: opts.runId });
  if (record.kind === 'local') return undefined;
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
