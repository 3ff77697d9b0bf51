// Amazon S3 (restXml, path-style): buckets with Object Lock, objects with versions, multipart uploads,
// retention and legal hold, enough for Evidentia to deliver audit packages and read them back.

import type { ValidationProblem } from '../../model/validate-input.js';
import { summarizeProblems } from '../../model/validate-input.js';
import type { ServiceDefinition } from '../../service-definition.js';
import { awsModel } from '../model-paths.js';
import {
  createBucket,
  getObjectLockConfiguration,
  listObjectsV2,
  putObjectLockConfiguration,
} from './bucket-handlers.js';
import {
  getObjectLegalHold,
  getObjectRetention,
  putObjectLegalHold,
  putObjectRetention,
} from './lock-handlers.js';
import {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  uploadPart,
} from './multipart-handlers.js';
import { deleteObject, getObject, headObject, putObject } from './object-handlers.js';
import { s3Error } from './s3-errors.js';

/** The S3 service definition. */
export function s3Service(): ServiceDefinition {
  return {
    model: awsModel('s3'),
    handlers: {
      CreateBucket: createBucket,
      PutObjectLockConfiguration: putObjectLockConfiguration,
      GetObjectLockConfiguration: getObjectLockConfiguration,
      ListObjectsV2: listObjectsV2,
      PutObject: putObject,
      GetObject: getObject,
      HeadObject: headObject,
      DeleteObject: deleteObject,
      CreateMultipartUpload: createMultipartUpload,
      UploadPart: uploadPart,
      CompleteMultipartUpload: completeMultipartUpload,
      AbortMultipartUpload: abortMultipartUpload,
      PutObjectRetention: putObjectRetention,
      GetObjectRetention: getObjectRetention,
      PutObjectLegalHold: putObjectLegalHold,
      GetObjectLegalHold: getObjectLegalHold,
    },
    // S3's own codes for the conditions every service answers.
    errors: {
      accessDenied: 'AccessDenied',
      validation: 'InvalidArgument',
      serialization: 'InvalidArgument',
      unknownOperation: 'MethodNotAllowed',
      missingAuth: 'AccessDenied',
      incompleteSignature: 'AuthorizationHeaderMalformed',
      unrecognizedClient: 'InvalidAccessKeyId',
      invalidSignature: 'SignatureDoesNotMatch',
      expiredToken: 'ExpiredToken',
      throttling: 'SlowDown',
      internalFailure: 'InternalError',
      notImplemented: 'NotImplemented',
    },
    // S3 answers a bad header, query or XML value with InvalidArgument (400), one problem at a time.
    validationError: (problems: readonly ValidationProblem[]) =>
      s3Error('InvalidArgument', summarizeProblems(problems.slice(0, 1))),
  };
}
