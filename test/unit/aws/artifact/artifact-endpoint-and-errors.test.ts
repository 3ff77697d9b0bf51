// The Artifact client's endpoint precedence and its reading of restJson1 errors into SDK-shaped classes that
// the SDK's retry classification and Evidentia's error records understand.

import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';
import { HttpResponse } from '@smithy/protocol-http';
import type { SdkError } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import { resolveArtifactEndpoint } from '../../../../src/aws/artifact/artifact-endpoint.js';
import {
  AccessDeniedException,
  ArtifactServiceException,
  InternalServerException,
  parseArtifactError,
  ThrottlingException,
  ValidationException,
} from '../../../../src/aws/artifact/artifact-errors.js';
import { toEvidenceError } from '../../../../src/aws/aws-error.js';

describe('resolveArtifactEndpoint', () => {
  const env = {
    AWS_ENDPOINT_URL_ARTIFACT: 'http://artifact.local:4000',
    AWS_ENDPOINT_URL: 'http://all.local:5000',
  };
  it('takes the explicit endpoint, then AWS_ENDPOINT_URL_ARTIFACT, then AWS_ENDPOINT_URL, then AWS', () => {
    expect(resolveArtifactEndpoint('http://explicit:1', env)).toMatchObject({ source: 'explicit' });
    expect(resolveArtifactEndpoint(undefined, env)).toMatchObject({ source: 'AWS_ENDPOINT_URL_ARTIFACT' });
    expect(resolveArtifactEndpoint(undefined, { AWS_ENDPOINT_URL: env.AWS_ENDPOINT_URL }).url.host).toBe(
      'all.local:5000',
    );
    expect(resolveArtifactEndpoint(undefined, {}).url.href).toBe('https://artifact.us-east-1.amazonaws.com/');
    expect(
      resolveArtifactEndpoint(undefined, { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }).source,
    ).toBe('default');
  });
  it('refuses a value that is not an http(s) URL, naming where it came from', () => {
    expect(() => resolveArtifactEndpoint(undefined, { AWS_ENDPOINT_URL_ARTIFACT: 'ftp://x' })).toThrow(
      /AWS_ENDPOINT_URL_ARTIFACT must be an http\(s\) URL/,
    );
    expect(() => resolveArtifactEndpoint('not a url', {})).toThrow(/the explicit endpoint is not a URL/);
  });
});

/** The SDK's classifiers take its own error type; ours has the same members (`cause` aside). */
const sdk = (e: Error) => e as unknown as SdkError;

describe('parseArtifactError', () => {
  const response = (statusCode: number, headers: Record<string, string> = {}) =>
    new HttpResponse({ statusCode, headers });

  it('reads the code from x-amzn-errortype (dropping a :suffix or namespace) and the message from the body', () => {
    const e = parseArtifactError(
      response(400, { 'x-amzn-errortype': 'com.amazonaws.artifact#ValidationException:http://internal' }),
      '{"message":"bad input","reason":"fieldValidationFailed"}',
      'req-1',
    );
    expect(e).toBeInstanceOf(ValidationException);
    expect(e).toMatchObject({
      name: 'ValidationException',
      message: 'bad input',
      $fault: 'client',
      $metadata: { httpStatusCode: 400, requestId: 'req-1' },
      details: { reason: 'fieldValidationFailed' },
    });
    expect(toEvidenceError(e)).toEqual({
      code: 'ValidationException',
      message: 'bad input',
      httpStatus: 400,
    });
  });

  it('falls back to the body __type, then to the status, and keeps unmodelled codes', () => {
    expect(
      parseArtifactError(response(403), '{"__type":"AccessDeniedException","Message":"no"}'),
    ).toBeInstanceOf(AccessDeniedException);
    expect(parseArtifactError(response(429), '')).toBeInstanceOf(ThrottlingException);
    const odd = parseArtifactError(response(418, { 'x-amzn-errortype': 'TeapotException' }), 'not json');
    expect(odd).toBeInstanceOf(ArtifactServiceException);
    expect(odd).toMatchObject({ name: 'TeapotException', message: 'Artifact answered HTTP 418' });
  });

  it('is classified as the SDK classifies errors: throttling, transient server error, client error', () => {
    const throttled = sdk(
      parseArtifactError(response(429, { 'x-amzn-errortype': 'ThrottlingException' }), '{}'),
    );
    expect(isThrottlingError(throttled)).toBe(true);
    const internal = sdk(
      parseArtifactError(response(500, { 'x-amzn-errortype': 'InternalServerException' }), '{}'),
    );
    expect(internal).toBeInstanceOf(InternalServerException);
    expect(isTransientError(internal)).toBe(true);
    const denied = sdk(
      parseArtifactError(response(403, { 'x-amzn-errortype': 'AccessDeniedException' }), '{}'),
    );
    expect(isThrottlingError(denied) || isTransientError(denied) || isServerError(denied)).toBe(false);
  });
});
