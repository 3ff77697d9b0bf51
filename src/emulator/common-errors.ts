// The code and status AWS uses for each common condition, per protocol family, so that each SDK maps the
// answer to the same exception class it would get from AWS.

import type { Protocol } from './model/smithy-model.js';
import type { CommonError } from './service-error.js';

export interface ErrorCode {
  code: string;
  status: number;
}

const JSON_ERRORS: Record<CommonError, ErrorCode> = {
  throttling: { code: 'ThrottlingException', status: 400 },
  accessDenied: { code: 'AccessDeniedException', status: 400 },
  validation: { code: 'ValidationException', status: 400 },
  serialization: { code: 'SerializationException', status: 400 },
  unknownOperation: { code: 'UnknownOperationException', status: 400 },
  missingAuth: { code: 'MissingAuthenticationTokenException', status: 403 },
  incompleteSignature: { code: 'IncompleteSignatureException', status: 400 },
  unrecognizedClient: { code: 'UnrecognizedClientException', status: 403 },
  invalidSignature: { code: 'InvalidSignatureException', status: 403 },
  expiredToken: { code: 'ExpiredTokenException', status: 400 },
  internalFailure: { code: 'InternalFailure', status: 500 },
  serviceUnavailable: { code: 'ServiceUnavailable', status: 503 },
  notImplemented: { code: 'NotImplemented', status: 501 },
};

const QUERY_ERRORS: Record<CommonError, ErrorCode> = {
  throttling: { code: 'Throttling', status: 400 },
  accessDenied: { code: 'AccessDenied', status: 403 },
  validation: { code: 'ValidationError', status: 400 },
  serialization: { code: 'MalformedQueryString', status: 400 },
  unknownOperation: { code: 'InvalidAction', status: 400 },
  missingAuth: { code: 'MissingAuthenticationToken', status: 403 },
  incompleteSignature: { code: 'IncompleteSignature', status: 400 },
  unrecognizedClient: { code: 'InvalidClientTokenId', status: 403 },
  invalidSignature: { code: 'SignatureDoesNotMatch', status: 403 },
  expiredToken: { code: 'ExpiredToken', status: 403 },
  internalFailure: { code: 'InternalFailure', status: 500 },
  serviceUnavailable: { code: 'ServiceUnavailable', status: 503 },
  notImplemented: { code: 'NotImplemented', status: 501 },
};

const REST_JSON_ERRORS: Record<CommonError, ErrorCode> = {
  ...JSON_ERRORS,
  throttling: { code: 'ThrottlingException', status: 429 },
  accessDenied: { code: 'AccessDeniedException', status: 403 },
  unknownOperation: { code: 'UnknownOperationException', status: 404 },
};

/** The default code and status of a condition under a protocol. */
export function commonErrorCode(protocol: Protocol, condition: CommonError): ErrorCode {
  if (protocol === 'awsQuery') return QUERY_ERRORS[condition];
  if (protocol === 'restJson1' || protocol === 'restXml') return REST_JSON_ERRORS[condition];
  return JSON_ERRORS[condition];
}
