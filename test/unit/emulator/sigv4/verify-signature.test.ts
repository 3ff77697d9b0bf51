// The SigV4 verifier recomputes signatures made by the SDK's own signer and rejects any change to the request.

import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import {
  canonicalPath,
  canonicalQuery,
  type WireRequest,
} from '../../../../src/emulator/sigv4/canonical-request.js';
import { parseAuthorization } from '../../../../src/emulator/sigv4/parse-authorization.js';
import { verifySignature } from '../../../../src/emulator/sigv4/verify-signature.js';

const credentials = {
  accessKeyId: 'AKIAEXAMPLEKEY000001',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const signedAt = new Date('2025-03-04T05:06:07Z');

/** Sign like the SDK does, then turn the signed request into what a server receives on the wire. */
async function signed(
  init: {
    method: string;
    path: string;
    query?: Record<string, string | string[]>;
    body?: string;
    headers?: Record<string, string>;
  },
  opts: { service?: string; region?: string; sessionToken?: string } = {},
): Promise<WireRequest> {
  const signer = new SignatureV4({
    credentials: { ...credentials, ...(opts.sessionToken ? { sessionToken: opts.sessionToken } : {}) },
    region: opts.region ?? 'us-east-1',
    service: opts.service ?? 'config',
    sha256: Sha256,
  });
  const request = new HttpRequest({
    method: init.method,
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: 4580,
    path: init.path,
    query: init.query ?? {},
    headers: { host: '127.0.0.1:4580', ...(init.headers ?? {}) },
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  const out = (await signer.sign(request, { signingDate: signedAt })) as HttpRequest;
  const query = Object.entries(out.query)
    .flatMap(([k, v]) =>
      (Array.isArray(v) ? v : [v]).map((x) => `${encodeURIComponent(k)}=${encodeURIComponent(String(x))}`),
    )
    .join('&');
  return { method: out.method, path: out.path, query, headers: { ...out.headers }, body: init.body ?? '' };
}

describe('verifySignature', () => {
  it('accepts an awsJson POST signed by @smithy/signature-v4', async () => {
    const req = await signed({
      method: 'POST',
      path: '/',
      body: '{"ConfigRuleNames":["encrypted-volumes"]}',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'StarlingDoveService.DescribeConfigRules',
      },
    });
    const result = verifySignature(req, credentials.secretAccessKey, { now: signedAt });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.auth).toMatchObject({
        accessKeyId: credentials.accessKeyId,
        region: 'us-east-1',
        service: 'config',
      });
      expect(result.amzDate).toBe('20250304T050607Z');
    }
  });

  it('accepts a REST GET whose path label and query need encoding (as the Artifact client sends)', async () => {
    const req = await signed(
      {
        method: 'GET',
        path: `/tags/${encodeURIComponent('arn:aws:artifact:us-east-1::report/report-abc')}`,
        query: { maxResults: '5', nextToken: 'a b+c/=', tagKeys: ['b', 'a'] },
      },
      { service: 'artifact' },
    );
    expect(verifySignature(req, credentials.secretAccessKey, { now: signedAt }).ok).toBe(true);
  });

  it('accepts temporary credentials whose session token is a signed header', async () => {
    const req = await signed(
      { method: 'POST', path: '/', body: 'Action=GetCallerIdentity' },
      { service: 'sts', sessionToken: 'FQoGZXIvYXdzEXAMPLE' },
    );
    expect(req.headers['x-amz-security-token']).toBe('FQoGZXIvYXdzEXAMPLE');
    expect(verifySignature(req, credentials.secretAccessKey).ok).toBe(true);
  });

  it('rejects a body changed by one byte', async () => {
    const req = await signed({ method: 'POST', path: '/', body: '{"Limit":10}' });
    const tampered = { ...req, body: '{"Limit":11}' };
    const result = verifySignature(tampered, credentials.secretAccessKey, { now: signedAt });
    expect(result).toMatchObject({ ok: false, reason: 'payload-hash' });
  });

  it('rejects a changed query, header or method, and a wrong secret', async () => {
    const req = await signed(
      { method: 'GET', path: '/v1/report/list', query: { maxResults: '5' } },
      { service: 'artifact' },
    );
    const secret = credentials.secretAccessKey;
    expect(verifySignature({ ...req, query: 'maxResults=6' }, secret)).toMatchObject({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifySignature({ ...req, method: 'POST' }, secret)).toMatchObject({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifySignature({ ...req, path: '/v1/report/get' }, secret)).toMatchObject({
      ok: false,
      reason: 'mismatch',
    });
    expect(
      verifySignature({ ...req, headers: { ...req.headers, host: 'evil.example' } }, secret),
    ).toMatchObject({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifySignature(req, `${secret.slice(0, -1)}X`)).toMatchObject({ ok: false, reason: 'mismatch' });
  });

  it('rejects a flipped signature character', async () => {
    const req = await signed({ method: 'POST', path: '/', body: '{}' });
    const auth = String(req.headers.authorization);
    const last = auth.at(-1) === '0' ? '1' : '0';
    const flipped = { ...req, headers: { ...req.headers, authorization: `${auth.slice(0, -1)}${last}` } };
    expect(verifySignature(flipped, credentials.secretAccessKey)).toMatchObject({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('rejects a request signed more than five minutes away from the verifier clock', async () => {
    const req = await signed({ method: 'POST', path: '/', body: '{}' });
    const later = new Date(signedAt.getTime() + 6 * 60_000);
    expect(verifySignature(req, credentials.secretAccessKey, { now: later })).toMatchObject({
      ok: false,
      reason: 'expired',
    });
    const within = new Date(signedAt.getTime() + 4 * 60_000);
    expect(verifySignature(req, credentials.secretAccessKey, { now: within }).ok).toBe(true);
  });

  it('reports a missing or malformed Authorization header', async () => {
    const req = await signed({ method: 'POST', path: '/', body: '{}' });
    const { authorization: _dropped, ...rest } = req.headers;
    expect(verifySignature({ ...req, headers: rest }, 'x')).toMatchObject({ ok: false, reason: 'missing' });
    const bad = {
      ...req,
      headers: { ...req.headers, authorization: 'AWS4-HMAC-SHA256 Credential=AKIA/2025/us-east-1' },
    };
    expect(verifySignature(bad, 'x')).toMatchObject({ ok: false, reason: 'malformed' });
  });
});

describe('SigV4 pieces', () => {
  it('parses the credential scope and signed headers', () => {
    const auth = parseAuthorization(
      `AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20250304/eu-west-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'a'.repeat(64)}`,
    );
    expect(auth).toMatchObject({
      accessKeyId: 'AKIAEXAMPLE',
      date: '20250304',
      region: 'eu-west-1',
      service: 'sts',
    });
    expect(auth.signedHeaders).toEqual(['host', 'x-amz-date']);
  });

  it('encodes the path again and sorts the query by key then value', () => {
    expect(canonicalPath('/tags/arn%3Aaws%3Aartifact')).toBe('/tags/arn%253Aaws%253Aartifact');
    expect(canonicalPath('/a/./b/../c/')).toBe('/a/c/');
    expect(canonicalQuery('b=2&a=z&a=y&c')).toBe('a=y&a=z&b=2&c=');
    expect(canonicalQuery("k=it's%20(x)")).toBe('k=it%27s%20%28x%29');
  });
});
