// The Artifact client's SigV4 signature, recomputed on the receiving side with the emulator's verifier: the
// request as it arrived on the wire verifies with the caller's secret, and any tampering (query, path, signed
// header, body, a wrong secret) makes the recomputed signature differ.

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactClient } from '../../../src/aws/artifact/artifact-client.js';
import type { WireRequest } from '../../../src/emulator/sigv4/canonical-request.js';
import { verifySignature } from '../../../src/emulator/sigv4/verify-signature.js';

const credentials = {
  accessKeyId: 'AKIAEVIDENTIATEST001',
  secretAccessKey: 'evidentia-signature-test-secret-000000000',
  sessionToken: 'session-token-for-the-signature-test',
};

/** A server that records each request as it arrived and answers an empty report list. */
async function capturingServer(): Promise<{ server: Server; url: string; seen: WireRequest[] }> {
  const seen: WireRequest[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    seen.push({
      method: req.method ?? 'GET',
      path: q < 0 ? url : url.slice(0, q),
      query: q < 0 ? '' : url.slice(q + 1),
      headers: req.headers,
      body: Buffer.concat(chunks),
    });
    res
      .writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': 'req-1' })
      .end('{"reports":[]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, seen };
}

describe('the SigV4 signature of an Artifact request', () => {
  let capture: Awaited<ReturnType<typeof capturingServer>>;
  let request: WireRequest;
  const handler = new NodeHttpHandler();

  beforeAll(async () => {
    capture = await capturingServer();
    const client = new ArtifactClient({
      credentials: async () => credentials,
      requestHandler: handler,
      retryStrategy: new ConfiguredRetryStrategy(1, 5),
      maxAttempts: 1,
      endpoint: capture.url,
      env: {},
    });
    await client.listReports({ maxResults: 25, nextToken: 'a b/c+d=' });
    request = capture.seen[0] as WireRequest;
  });
  afterAll(async () => {
    handler.destroy();
    await new Promise<void>((resolve) => capture.server.close(() => resolve()));
  });

  it('is SigV4 for artifact in us-east-1, over the host, date and session token', () => {
    expect(request.method).toBe('GET');
    expect(request.path).toBe('/v1/report/list');
    expect(new URLSearchParams(request.query).get('nextToken')).toBe('a b/c+d=');
    const auth = String(request.headers.authorization);
    expect(auth).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAEVIDENTIATEST001\/\d{8}\/us-east-1\/artifact\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$/,
    );
    expect(auth).toContain('x-amz-date');
    expect(auth).toContain('x-amz-security-token');
    expect(request.headers['x-amz-security-token']).toBe(credentials.sessionToken);
  });

  it('verifies when the emulator recomputes it with the secret', () => {
    const result = verifySignature(request, credentials.secretAccessKey, { now: new Date() });
    expect(result).toMatchObject({ ok: true, auth: { service: 'artifact', region: 'us-east-1' } });
  });

  it('fails when anything signed was tampered with, or the secret is wrong', () => {
    const tampered: WireRequest[] = [
      { ...request, query: (request.query ?? '').replace('maxResults=25', 'maxResults=26') },
      { ...request, path: '/v1/customer-agreement/list' },
      { ...request, headers: { ...request.headers, 'x-amz-security-token': 'another-token' } },
      { ...request, headers: { ...request.headers, host: 'artifact.us-east-1.amazonaws.com' } },
    ];
    for (const t of tampered) {
      expect(verifySignature(t, credentials.secretAccessKey)).toMatchObject({
        ok: false,
        reason: 'mismatch',
      });
    }
    expect(verifySignature(request, 'a-different-secret-of-the-same-length-00')).toMatchObject({
      ok: false,
      reason: 'mismatch',
    });
    const withBody = { ...request, body: Buffer.from('{}') };
    expect(verifySignature(withBody, credentials.secretAccessKey).ok).toBe(false);
  });
});
