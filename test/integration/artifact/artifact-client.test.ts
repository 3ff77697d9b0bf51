// Evidentia's own Artifact client over real HTTP against the emulator: every operation it uses, pagination,
// the report document behind the presigned URL, typed errors (not found, bad term token, access denied),
// throttling then success with the SDK's retry strategy, an expired presigned URL, and endpoint precedence.

import { createHash } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity } from '@smithy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactClient } from '../../../src/aws/artifact/artifact-client.js';
import {
  AccessDeniedException,
  ResourceNotFoundException,
  ThrottlingException,
  ValidationException,
} from '../../../src/aws/artifact/artifact-errors.js';
import {
  paginateListCustomerAgreements,
  paginateListReports,
} from '../../../src/aws/artifact/artifact-paginators.js';
import { type Emulator, startEmulator } from '../../../src/emulator/index.js';
import { assumeInto, failure, MGMT, MovableClock, PROD, testWorld } from '../emulator/emulator-fixture.js';
import { artifactSection, CURRENT_SOC2, EXPIRED_ISO, WORLD_TIME } from './artifact-world.js';

describe('the Artifact client against the emulator', () => {
  let emu: Emulator;
  let clock: MovableClock;
  let handler: NodeHttpHandler;
  let mgmt: AwsCredentialIdentity;
  const client = (
    credentials: AwsCredentialIdentity,
    extra: Partial<ConstructorParameters<typeof ArtifactClient>[0]> = {},
  ) =>
    new ArtifactClient({
      credentials: async () => credentials,
      requestHandler: handler,
      retryStrategy: new ConfiguredRetryStrategy(3, 5),
      maxAttempts: 3,
      endpoint: emu.url,
      env: {},
      ...extra,
    });

  beforeAll(async () => {
    clock = new MovableClock();
    emu = await startEmulator({ world: testWorld({ time: WORLD_TIME, artifact: artifactSection }), clock });
    handler = new NodeHttpHandler();
    mgmt = await assumeInto(emu, MGMT);
  });
  afterAll(async () => {
    handler.destroy();
    await emu.close();
  });

  it('lists reports page by page (maxResults, nextToken) and leaves unpublished reports out', async () => {
    const pages = [];
    for await (const page of paginateListReports(client(mgmt), { maxResults: 2 })) pages.push(page);
    expect(pages.map((p) => p.reports?.length)).toEqual([2, 2]);
    expect(pages[0]?.nextToken).toBeTruthy();
    expect(pages[1]?.nextToken).toBeUndefined();
    const ids = pages.flatMap((p) => p.reports ?? []).map((r) => r.id);
    expect(ids).toHaveLength(4);
    expect(ids).not.toContain('report-Unpublished00001');
    const soc2 = pages.flatMap((p) => p.reports ?? []).find((r) => r.id === CURRENT_SOC2);
    expect(soc2?.periodEnd).toBeInstanceOf(Date);
    expect(soc2?.periodEnd?.toISOString()).toBe('2026-04-27T00:00:00.000Z');
    expect(pages[0]?.$metadata).toMatchObject({ httpStatusCode: 200, attempts: 1 });
    expect(pages[0]?.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const calls = emu.requests.filter((r) => r.operation === 'ListReports');
    expect(calls.at(-1)).toMatchObject({
      service: 'artifact',
      accountId: MGMT,
      region: 'us-east-1',
      status: 200,
    });
  });

  it('reads report metadata, accepts the term and downloads the document behind the presigned URL', async () => {
    const c = client(mgmt);
    const meta = await c.getReportMetadata({ reportId: CURRENT_SOC2, reportVersion: 3 });
    expect(meta.reportDetails).toMatchObject({ id: CURRENT_SOC2, version: 3, name: 'SOC 2 Type 2 Report' });
    expect(meta.reportDetails?.termArn).toMatch(/^arn:aws:artifact:us-east-1::term\//);
    const term = await c.getTermForReport({ reportId: CURRENT_SOC2, reportVersion: 3 });
    expect(term.termToken).toMatch(/^[0-9a-f]{64}$/);
    expect(term.documentPresignedUrl).toMatch(/X-Amz-Signature=/);
    const report = await c.getReport({
      reportId: CURRENT_SOC2,
      reportVersion: 3,
      termToken: term.termToken as string,
    });
    const dir = await mkdtemp(join(tmpdir(), 'evidentia-artifact-'));
    const out = await c.downloadDocument(report.documentPresignedUrl as string, join(dir, 'soc2.pdf'));
    const bytes = await readFile(join(dir, 'soc2.pdf'));
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.toString('latin1')).toContain('SOC 2 Type 2 Report');
    expect(out).toMatchObject({
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      contentType: 'application/pdf',
    });
    const forged = (report.documentPresignedUrl as string).replace(
      'X-Amz-Expires=300',
      'X-Amz-Expires=86400',
    );
    const refused = await failure(c.downloadDocument(forged, join(dir, 'forged.pdf')));
    expect(refused).toMatchObject({ name: 'SignatureDoesNotMatch', $metadata: { httpStatusCode: 403 } });
  });

  it('turns service errors into typed classes with the SDK shape', async () => {
    const missing = await failure(client(mgmt).getReportMetadata({ reportId: 'report-DoesNotExist0000' }));
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect(missing).toMatchObject({ name: 'ResourceNotFoundException', $fault: 'client' });
    expect(missing.$metadata).toMatchObject({ httpStatusCode: 404, attempts: 1 });
    expect(missing.$metadata.requestId).toBeTruthy();

    const badToken = await failure(
      client(mgmt).getReport({ reportId: CURRENT_SOC2, termToken: 'not-the-token' }),
    );
    expect(badToken).toBeInstanceOf(ValidationException);
    expect((badToken as unknown as ValidationException).details).toMatchObject({ reason: 'invalidToken' });

    const invalid = await failure(client(mgmt).listReports({ maxResults: 301 }));
    expect(invalid).toBeInstanceOf(ValidationException);
    expect(invalid.message).toContain("at 'maxResults' failed to satisfy constraint");
  });

  it('retries throttling (429) with the retry strategy and then succeeds', async () => {
    const id = emu.faults.add({
      kind: 'throttle',
      service: 'artifact',
      operation: 'ListCustomerAgreements',
      first: 2,
    });
    try {
      const out = await client(mgmt).listCustomerAgreements();
      expect(out.$metadata.attempts).toBe(3);
      const throttled = emu.requests.filter(
        (r) => r.operation === 'ListCustomerAgreements' && r.status === 429,
      );
      expect(throttled.map((r) => r.errorCode)).toEqual(['ThrottlingException', 'ThrottlingException']);
    } finally {
      emu.faults.remove(id);
    }
    const id2 = emu.faults.add({ kind: 'throttle', service: 'artifact', operation: 'ListReports' });
    try {
      const err = await failure(client(mgmt).listReports());
      expect(err).toBeInstanceOf(ThrottlingException);
      expect(err.$metadata.attempts).toBe(3);
    } finally {
      emu.faults.remove(id2);
    }
  });

  it('does not retry access denied', async () => {
    const id = emu.faults.add({ kind: 'access-denied', service: 'artifact', account: PROD });
    try {
      const err = await failure(client(await assumeInto(emu, PROD)).listCustomerAgreements());
      expect(err).toBeInstanceOf(AccessDeniedException);
      expect(err.$metadata).toMatchObject({ httpStatusCode: 403, attempts: 1 });
      expect(err.message).toContain(`arn:aws:sts::${PROD}:assumed-role/`);
    } finally {
      emu.faults.remove(id);
    }
  });

  it("lists each account's agreements: its own and its organisation's, page by page", async () => {
    const pages = [];
    for await (const p of paginateListCustomerAgreements(client(mgmt), { maxResults: 1 })) pages.push(p);
    expect(pages).toHaveLength(2);
    const mine = pages.flatMap((p) => p.customerAgreements);
    expect(mine.map((a) => [a.name, a.state, a.awsAccountId])).toEqual([
      ['AWS Business Associate Addendum', 'ACTIVE', MGMT],
      ['AWS Artifact Nondisclosure Agreement', 'ACTIVE', MGMT],
    ]);
    expect(mine[0]?.id).toMatch(/^customer-agreement-[0-9a-f]{16}$/);
    expect(mine[1]?.organizationArn).toMatch(/^arn:aws:organizations::111111111111:organization\/o-/);
    const prod = await client(await assumeInto(emu, PROD)).listCustomerAgreements();
    expect(prod.customerAgreements.map((a) => [a.name, a.state])).toEqual([
      ['AWS Business Associate Addendum', 'CUSTOMER_TERMINATED'],
      ['AWS Artifact Nondisclosure Agreement', 'ACTIVE'],
    ]);
    expect(prod.customerAgreements[0]?.effectiveEnd?.toISOString()).toBe('2026-05-12T00:00:00.000Z');
  });

  it('refuses an expired presigned URL, and corrects its clock from the server like the SDK', async () => {
    const c = client(mgmt);
    const term = await c.getTermForReport({ reportId: EXPIRED_ISO });
    const report = await c.getReport({ reportId: EXPIRED_ISO, termToken: term.termToken as string });
    const dir = await mkdtemp(join(tmpdir(), 'evidentia-artifact-'));
    clock.advance(10 * 60_000);
    try {
      const err = await failure(
        c.downloadDocument(report.documentPresignedUrl as string, join(dir, 'iso.pdf')),
      );
      expect(err).toMatchObject({ name: 'AccessDenied', message: 'Request has expired' });
      expect(err.$metadata).toMatchObject({ httpStatusCode: 403, attempts: 1 });
      // The emulator's clock is now 10 minutes ahead: the first signed call is refused, then retried on time.
      const again = await c.getReportMetadata({ reportId: EXPIRED_ISO });
      expect(again.$metadata.attempts).toBe(2);
      expect(again.reportDetails?.id).toBe(EXPIRED_ISO);
    } finally {
      clock.advance(-10 * 60_000);
    }
  });

  it('resolves its endpoint: explicit, then AWS_ENDPOINT_URL_ARTIFACT, then AWS_ENDPOINT_URL', async () => {
    const viaService = client(mgmt, {
      endpoint: undefined,
      env: { AWS_ENDPOINT_URL_ARTIFACT: emu.url, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' },
    });
    expect((await viaService.listReports({ maxResults: 1 })).reports).toHaveLength(1);
    const viaGlobal = client(mgmt, { endpoint: undefined, env: { AWS_ENDPOINT_URL: emu.url } });
    expect((await viaGlobal.listReports({ maxResults: 1 })).reports).toHaveLength(1);
    const ignored = client(mgmt, {
      endpoint: undefined,
      env: { AWS_ENDPOINT_URL: emu.url, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' },
    });
    expect(ignored.endpoint.href).toBe('https://artifact.us-east-1.amazonaws.com/');
  });
});
