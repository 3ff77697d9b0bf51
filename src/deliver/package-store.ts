// Where finished packages live: the seam between the pipeline and a storage back end. The local folder is
// the default (the archive already sits in the output folder); S3 copies it to a bucket, optionally locked.

/** A finished package as the pipeline hands it over. */
export interface PackageToStore {
  /** The signed archive on local disk (`<out>/<profile>/<run-id>.tar.gz`). */
  archive: string;
  profileId: string;
  runId: string;
}

/** Where a package was put, as recorded beside the run. */
export type DeliveryRecord = LocalDelivery | S3Delivery;

export interface LocalDelivery {
  kind: 'local';
  path: string;
}

export interface S3Delivery {
  kind: 's3';
  /** `s3://bucket/key`. */
  uri: string;
  bucket: string;
  key: string;
  region: string;
  /** The object version holding this package (versioned buckets; always with Object Lock). */
  versionId?: string;
  size: number;
  /** SHA-256 of the whole archive, hex (also stored as the object's `evidentia-sha256` metadata). */
  sha256: string;
  /** The checksum S3 reported for the object, as verified: base64, `-<parts>` when COMPOSITE. */
  checksumSha256: string;
  checksumType: 'FULL_OBJECT' | 'COMPOSITE';
  objectLock?: { mode: 'COMPLIANCE' | 'GOVERNANCE'; retainUntil: string };
  deliveredAt: string;
}

/** A storage back end for finished packages. */
export interface PackageStore {
  put(pkg: PackageToStore): Promise<DeliveryRecord>;
}

/** The default: the package stays where the pipeline put it. */
export class LocalFolderPackageStore implements PackageStore {
  async put(pkg: PackageToStore): Promise<LocalDelivery> {
    return { kind: 'local', path: pkg.archive };
  }
}

/** One line for the CLI: `delivered to s3://… (version …, COMPLIANCE until …)`. */
export function describeDelivery(d: DeliveryRecord): string {
  if (d.kind === 'local') return `package: ${d.path}`;
  const lock = d.objectLock ? `, ${d.objectLock.mode} until ${d.objectLock.retainUntil}` : ', not locked';
  return `delivered to ${d.uri} (version ${d.versionId ?? 'none'}${lock}; SHA-256 verified)`;
}
