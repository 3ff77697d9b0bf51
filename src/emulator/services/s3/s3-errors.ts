// S3's error codes with the status AWS answers them with (most are not modelled in s3.json, so the status
// travels with the code instead of coming from an `httpError` trait).

import { AwsServiceError } from '../../service-error.js';

const STATUS: Record<string, number> = {
  AccessDenied: 403,
  BadDigest: 400,
  BucketAlreadyExists: 409,
  BucketAlreadyOwnedByYou: 409,
  EntityTooSmall: 400,
  IllegalLocationConstraintException: 400,
  InvalidArgument: 400,
  InvalidBucketName: 400,
  InvalidBucketState: 409,
  InvalidPart: 400,
  InvalidPartOrder: 400,
  InvalidRequest: 400,
  MalformedXML: 400,
  MethodNotAllowed: 405,
  NoSuchBucket: 404,
  NoSuchKey: 404,
  NoSuchObjectLockConfiguration: 404,
  NoSuchUpload: 404,
  NoSuchVersion: 404,
  NotImplemented: 501,
  ObjectLockConfigurationNotFoundError: 404,
};

/** An S3 error; `fields` become extra elements of the `<Error>` body (BucketName, Key, ...). */
export function s3Error(
  code: string,
  message: string,
  fields: Record<string, unknown> = {},
  status = STATUS[code] ?? 400,
): AwsServiceError {
  return new AwsServiceError(code, message, { status, fields });
}

/** The answer to changing or deleting a version Object Lock protects. */
export function lockedError(): AwsServiceError {
  return s3Error('AccessDenied', 'Access Denied because object protected by object lock.');
}
