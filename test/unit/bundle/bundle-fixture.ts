// A small run folder sealed into a bundle for the bundle tests: results, plan, evidence records, the four
// reports (a real pdfkit PDF with its signature placeholder), signed by a throw-away local key.

import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import {
  type BundleSigner,
  generateSelfSigned,
  localSigner,
  pdfSignaturePlaceholder,
  writeBundle,
} from '../../../src/bundle/index.js';
import type { RunMetadata } from '../../../src/core/run-result.js';

export const SIGNED_AT = new Date('2026-03-01T12:00:00Z');

export const RUN: RunMetadata = {
  runId: '20260301T115500Z-abc123',
  profile: { id: 'test', name: 'Test profile', path: '/profiles/test.yaml', sha256: 'a'.repeat(64) },
  organization: 'Example Org',
  frameworks: [{ id: 'fw', name: 'Framework', version: '1', path: '/fw.yaml', sha256: 'b'.repeat(64) }],
  catalogFiles: [{ path: '/lib.yaml', sha256: 'c'.repeat(64) }],
  startedAt: '2026-03-01T11:55:00.000Z',
  finishedAt: '2026-03-01T11:59:00.000Z',
  status: 'completed',
  tool: { name: 'evidentia', version: '0.0.0-test' },
  scope: { accounts: ['111111111111'], regions: ['us-east-1'], callerAccountId: '111111111111' },
  stats: {
    tasks: 1,
    tasksFailed: 0,
    apiCalls: 2,
    retries: 0,
    throttles: 0,
    errors: 0,
    evidenceRecords: 2,
    durationMs: 10,
  },
};

const signers = new Map<string, Promise<BundleSigner>>();

/** A local signer with a fresh self-signed RSA key (cached per name within a test file). */
export function testSigner(name = 'Test signer'): Promise<BundleSigner> {
  let s = signers.get(name);
  if (!s) {
    s = generateSelfSigned({
      subject: { commonName: name, organization: 'Tests' },
      now: SIGNED_AT,
      days: 30,
      modulusLength: 2048,
    }).then((made) => localSigner({ key: made.key, chain: [made.certificate], keyDescription: name }));
    signers.set(name, s);
  }
  return s;
}

/** A PDF with a signature placeholder, as renderPdf makes it with the bundle's seam. */
export async function placeholderPdf(signer: BundleSigner): Promise<Buffer> {
  const doc = new PDFDocument({ info: { CreationDate: SIGNED_AT } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.text('Compliance report');
  pdfSignaturePlaceholder(signer, {
    reason: 'test',
    name: 'Test signer',
    location: 'Tests',
    signingTime: SIGNED_AT,
  })(doc);
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

/** Write a run folder (not yet sealed) into a new temporary folder; returns the folder. */
export async function runFolder(signer: BundleSigner): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'evidentia-bundle-')), RUN.runId);
  await mkdir(join(dir, 'evidence', '111111111111', 'us-east-1'), { recursive: true });
  await mkdir(join(dir, 'reports'), { recursive: true });
  await writeFile(join(dir, 'results.json'), `${JSON.stringify({ schemaVersion: 1, run: RUN }, null, 2)}\n`);
  await writeFile(join(dir, 'plan.json'), '{"tasks":[]}\n');
  for (const id of ['ev-000001', 'ev-000002'])
    await writeFile(
      join(dir, 'evidence', '111111111111', 'us-east-1', `${id}.json`),
      `{"id":"${id}","response":{}}\n`,
    );
  await writeFile(
    join(dir, 'reports', 'report.html'),
    '<!doctype html><title>Report</title><p>All good.</p>\n',
  );
  await writeFile(join(dir, 'reports', 'findings.csv'), 'framework,control_id\r\nfw,1\r\n');
  await writeFile(join(dir, 'reports', 'report.pdf'), await placeholderPdf(signer));
  return dir;
}

/** A sealed bundle folder. */
export async function sealedBundle(signer?: BundleSigner): Promise<{ dir: string; signer: BundleSigner }> {
  const s = signer ?? (await testSigner());
  const dir = await runFolder(s);
  await writeBundle({ dir, run: RUN, signer: s, signedAt: SIGNED_AT });
  return { dir, signer: s };
}
