// `s3://bucket/key` addresses, read strictly: a valid bucket name and a non-empty key.

import { InputError } from '../core/errors.js';

export interface S3Location {
  bucket: string;
  key: string;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Whether `text` is meant as an S3 address (so callers can choose the S3 path). */
export function isS3Uri(text: string): boolean {
  return text.startsWith('s3://');
}

/** Parse `s3://bucket/key`; InputError (exit 2) naming the argument when it is not one. */
export function parseS3Uri(text: string, field = 'archive'): S3Location {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(text);
  if (!m || !BUCKET.test(m[1] as string)) {
    throw InputError.forFile('<arguments>', `expected s3://<bucket>/<key>, got '${text}'`, field);
  }
  return { bucket: m[1] as string, key: m[2] as string };
}

/** `s3://bucket/key`. */
export function formatS3Uri(loc: S3Location): string {
  return `s3://${loc.bucket}/${loc.key}`;
}
