// Fetch a package from S3 into a private temporary folder so it can be verified like a local archive
// (`evidentia verify s3://bucket/key`). The bytes are checked against the object's `evidentia-sha256`
// metadata when it has one; the size is capped so a hostile object cannot fill the disk.

import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { toolVersion } from '../core/version.js';
import { DeliveryError } from './delivery-errors.js';
import { SHA256_METADATA } from './s3-package-store.js';
import { parseS3Uri } from './s3-uri.js';

/** Largest object fetched by default (packages are far smaller). */
export const DEFAULT_MAX_FETCH_BYTES = 4 * 1024 * 1024 * 1024;

export interface FetchS3Options {
  /** One endpoint for S3 (the emulator); path-style addressing is used with it. */
  endpoint?: string;
  /** Region to start from; S3 redirects to the bucket's own. Default us-east-1. */
  region?: string;
  /** Default: the SDK's default chain. */
  credentials?: AwsCredentialIdentityProvider;
  versionId?: string;
  /** Parent of the temporary folder; default the OS temporary folder. */
  tmpDir?: string;
  maxBytes?: number;
  /** A client to use instead of making one (it is not destroyed). */
  client?: S3Client;
}

export interface FetchedObject {
  /** The local copy, `<tmp>/evidentia-s3-XXXX/<name>.tar.gz`. */
  path: string;
  versionId?: string;
  size: number;
  /** Hex SHA-256 of the bytes fetched. */
  sha256: string;
  /** Whether the bytes were checked against the object's evidentia-sha256 metadata. */
  metadataChecked: boolean;
  /** Remove the temporary folder. */
  cleanup(): Promise<void>;
}

/** Download `s3://bucket/key` to a temporary file; DeliveryError when it cannot be fetched intact. */
export async function fetchS3Object(uri: string, opts: FetchS3Options = {}): Promise<FetchedObject> {
  const { bucket, key } = parseS3Uri(uri);
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_FETCH_BYTES;
  const client =
    opts.client ??
    new S3Client({
      region: opts.region ?? 'us-east-1',
      followRegionRedirects: true,
      // As every Evidentia client: CloudTrail (and the emulator's request log) can tell its calls apart.
      customUserAgent: `evidentia/${toolVersion()}`,
      ...(opts.endpoint ? { endpoint: opts.endpoint, forcePathStyle: true } : {}),
      ...(opts.credentials ? { credentials: opts.credentials } : {}),
    });
  const dir = await mkdtemp(join(opts.tmpDir ?? tmpdir(), 'evidentia-s3-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  const path = join(dir, localName(key));
  try {
    const out = await client
      .send(
        new GetObjectCommand({
          Bucket: bucket,
          Key: key,
          ChecksumMode: 'ENABLED',
          ...(opts.versionId ? { VersionId: opts.versionId } : {}),
        }),
      )
      .catch((err: unknown) => {
        throw new DeliveryError('DELIVERY_FETCH_FAILED', `Cannot fetch ${uri}: ${describe(err)}`, {
          cause: err,
          uri,
        });
      });
    if (out.ContentLength !== undefined && out.ContentLength > maxBytes) {
      throw new DeliveryError(
        'DELIVERY_FETCH_FAILED',
        `${uri} is ${out.ContentLength} bytes; the limit is ${maxBytes}`,
        { uri },
      );
    }
    const body = out.Body as NodeJS.ReadableStream | undefined;
    if (!body) throw new DeliveryError('DELIVERY_FETCH_FAILED', `${uri}: S3 returned no body`, { uri });
    const hash = createHash('sha256');
    let size = 0;
    const count = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxBytes) {
          done(
            new DeliveryError('DELIVERY_FETCH_FAILED', `${uri} exceeds the limit of ${maxBytes} bytes`, {
              uri,
            }),
          );
          return;
        }
        hash.update(chunk);
        done(null, chunk);
      },
    });
    await pipeline(body, count, createWriteStream(path, { flags: 'wx', mode: 0o600 })).catch(
      (err: unknown) => {
        if (err instanceof DeliveryError) throw err;
        throw new DeliveryError('DELIVERY_FETCH_FAILED', `Reading ${uri} failed: ${describe(err)}`, {
          cause: err,
          uri,
        });
      },
    );
    const sha256 = hash.digest('hex');
    const expected = out.Metadata?.[SHA256_METADATA];
    if (expected !== undefined && expected !== sha256) {
      throw new DeliveryError(
        'DELIVERY_FETCH_FAILED',
        `${uri}: the bytes fetched (SHA-256 ${sha256}) differ from the object's evidentia-sha256 ${expected}`,
        { uri },
      );
    }
    return {
      path,
      ...(out.VersionId ? { versionId: out.VersionId } : {}),
      size,
      sha256,
      metadataChecked: expected !== undefined,
      cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  } finally {
    if (!opts.client) client.destroy();
  }
}

/**
 * A safe file name for the local copy: the key's last segment reduced to harmless characters, ending in an
 * archive suffix so `verify` reads it as one (a file that is not a tar.gz then fails verification, as it should).
 */
function localName(key: string): string {
  const last = key.split('/').pop() ?? '';
  const safe = last.replace(/[^\w.-]/g, '_').replace(/^\.+/, '');
  const name = safe.length > 0 && safe.length <= 200 ? safe : 'package.tar.gz';
  return /\.(tar\.gz|tgz|tar)$/.test(name) ? name : `${name}.tar.gz`;
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err);
}
