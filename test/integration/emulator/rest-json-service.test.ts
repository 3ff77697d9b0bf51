// The restJson1 seam: a service registered as "model + handlers" (here Artifact with two test handlers) is
// routed by method and URI, bound from query and path, validated, signed and answered like the others.
// Requests are signed with @smithy/signature-v4 and sent with NodeHttpHandler, as Evidentia's Artifact client does.

import { join } from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity } from '@smithy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packagePaths } from '../../../src/core/paths.js';
import {
  AwsServiceError,
  type Emulator,
  type ServiceDefinition,
  startEmulator,
} from '../../../src/emulator/index.js';
import { loadModel } from '../../../src/emulator/model/smithy-model.js';
import { assumeInto, callerKeys, PROD, testWorld } from './emulator-fixture.js';

const REPORTS = [
  {
    id: 'report-IS027001cert2025',
    name: 'ISO 27001 certificate',
    version: 3,
    periodStart: new Date('2025-01-01T00:00:00Z'),
  },
  {
    id: 'report-S0C2typeII000002',
    name: 'SOC 2 Type II',
    version: 1,
    periodStart: new Date('2025-04-01T00:00:00Z'),
  },
];

function artifactForTests(): ServiceDefinition {
  return {
    model: loadModel(join(packagePaths().awsModels, 'artifact.json')),
    handlers: {
      ListReports: (input, ctx) => ({
        reports: REPORTS.slice(0, typeof input.maxResults === 'number' ? input.maxResults : 100).map((r) => ({
          ...r,
          description: `seen by ${ctx.caller.accountId} in ${ctx.region}`,
        })),
      }),
      GetReportMetadata: (input) => {
        const report = REPORTS.find((r) => r.id === input.reportId);
        if (!report)
          throw new AwsServiceError(
            'ResourceNotFoundException',
            `Report ${String(input.reportId)} not found`,
          );
        return { reportDetails: { ...report, version: input.reportVersion ?? report.version } };
      },
    },
  };
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  json: Record<string, unknown>;
}

async function call(
  emu: Emulator,
  credentials: AwsCredentialIdentity,
  path: string,
  query: Record<string, string>,
): Promise<Answer> {
  const url = new URL(emu.url);
  const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 'artifact', sha256: Sha256 });
  const req = await signer.sign(
    new HttpRequest({
      method: 'GET',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path,
      query,
      headers: { host: url.host },
    }),
  );
  const handler = new NodeHttpHandler();
  try {
    const { response } = await handler.handle(req as HttpRequest);
    const chunks: Buffer[] = [];
    for await (const c of response.body as AsyncIterable<Buffer>) chunks.push(c);
    const text = Buffer.concat(chunks).toString('utf8');
    return { status: response.statusCode, headers: response.headers, json: text ? JSON.parse(text) : {} };
  } finally {
    handler.destroy();
  }
}

describe('a restJson1 service registered with the emulator', () => {
  let emu: Emulator;

  beforeAll(async () => {
    emu = await startEmulator({ world: testWorld(), services: [artifactForTests()] });
  });
  afterAll(async () => {
    await emu.close();
  });

  it('routes GET /v1/report/list, binds query members and serialises timestamps in the format the model names', async () => {
    const creds = await assumeInto(emu, PROD);
    const out = await call(emu, creds, '/v1/report/list', { maxResults: '1' });
    expect(out.status).toBe(200);
    expect(out.headers['x-amzn-requestid']).toBeTruthy();
    expect(out.json).toEqual({
      reports: [
        {
          id: 'report-IS027001cert2025',
          name: 'ISO 27001 certificate',
          version: 3,
          periodStart: '2025-01-01T00:00:00.000Z',
          description: `seen by ${PROD} in us-east-1`,
        },
      ],
    });
    expect(emu.requests.at(-1)).toMatchObject({
      service: 'artifact',
      operation: 'ListReports',
      accountId: PROD,
    });
  });

  it('validates query members against the model (maxResults 1-300) and answers ValidationException', async () => {
    const out = await call(emu, callerKeys(emu), '/v1/report/list', { maxResults: '301' });
    expect(out.status).toBe(400);
    expect(out.headers['x-amzn-errortype']).toBe('ValidationException');
    expect(out.json.message).toContain(
      "at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 300",
    );
    const typed = await call(emu, callerKeys(emu), '/v1/report/getMetadata', {
      reportId: 'report-IS027001cert2025',
      reportVersion: 'two',
    });
    expect(typed.headers['x-amzn-errortype']).toBe('SerializationException');
  });

  it('passes handler errors through with the modelled status', async () => {
    const ok = await call(emu, callerKeys(emu), '/v1/report/getMetadata', {
      reportId: 'report-S0C2typeII000002',
      reportVersion: '1',
    });
    expect(ok.json).toMatchObject({ reportDetails: { id: 'report-S0C2typeII000002', version: 1 } });
    const missing = await call(emu, callerKeys(emu), '/v1/report/getMetadata', {
      reportId: 'report-N0NEXISTENT00000',
    });
    expect(missing.status).toBe(404);
    expect(missing.headers['x-amzn-errortype']).toBe('ResourceNotFoundException');
    const required = await call(emu, callerKeys(emu), '/v1/report/getMetadata', {});
    expect(required.status).toBe(400);
    expect(required.json.message).toContain("Value null at 'reportId'");
  });

  it('answers unimplemented and unknown routes, and checks the signature like every service', async () => {
    const notImplemented = await call(emu, callerKeys(emu), '/v1/customer-agreement/list', {});
    expect(notImplemented.status).toBe(501);
    expect(notImplemented.headers['x-amzn-errortype']).toBe('NotImplemented');
    const unknown = await call(emu, callerKeys(emu), '/v1/nothing/here', {});
    expect(unknown.status).toBe(404);
    expect(unknown.headers['x-amzn-errortype']).toBe('UnknownOperationException');
    const bad = await call(
      emu,
      { ...callerKeys(emu), secretAccessKey: 'wrong-wrong-wrong-wrong-wrong-wrong-0000' },
      '/v1/report/list',
      {},
    );
    expect(bad.status).toBe(403);
    expect(bad.headers['x-amzn-errortype']).toBe('InvalidSignatureException');
  });
});
