// A whole run signed by an AWS KMS key (the emulator's, real cryptography): the certificate is made for the
// KMS public key, the PDF and the manifest are signed through kms:Sign over digests, and the bundle
// verifies. A key that cannot sign fails the run and leaves nothing that looks finished.

import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  archiveContents,
  folderContents,
  generateSelfSigned,
  issueKmsCertificate,
  localSigner,
  type ParsedCertificate,
  parseManifest,
  toPem,
  verifyBundle,
  verifyPdfSignature,
} from '../../../src/bundle/index.js';
import { defineWorld, type Emulator, startEmulator } from '../../../src/emulator/index.js';
import { catalogWith, runAgainst } from '../../support/run-against-emulator.js';

const MGMT = '111111111111';
const PROD = '222222222222';

const framework = `type: framework
id: kms-it
name: KMS integration
version: "1"
controls:
  - id: "1"
    ref: KMS 1
    title: Volumes are encrypted
    summary: One managed rule.
    responsibility: customer
    evidence:
      - { kind: config-rule, rule: ENCRYPTED_VOLUMES }
`;

const profile = (keyId: string, cert: string) => `type: profile
id: kms-it
name: KMS signed
organization: { name: KMS Org }
frameworks: [kms-it]
scope:
  accounts: ['${MGMT}', '${PROD}']
  regions: [us-east-1]
  role: { name: EvidentiaAuditRole }
signing:
  kind: kms
  keyId: ${keyId}
  region: us-east-1
  certificate: ${cert}
`;

function world() {
  return defineWorld({
    organization: { id: 'o-kmsbundle01', managementAccount: MGMT },
    regions: ['us-east-1'],
    baseline: { rules: ['ENCRYPTED_VOLUMES'] },
    accounts: [
      { id: MGMT, name: 'management', email: 'm@example.com' },
      { id: PROD, name: 'production', email: 'p@example.com' },
    ],
    kms: {
      keys: [
        { account: MGMT, region: 'us-east-1', keySpec: 'RSA_3072', aliases: ['alias/evidentia-signing'] },
        { account: MGMT, region: 'us-east-1', keySpec: 'ECC_NIST_P256', aliases: ['alias/evidentia-ec'] },
        {
          account: MGMT,
          region: 'us-east-1',
          keySpec: 'RSA_2048',
          aliases: ['alias/retired'],
          state: 'Disabled',
        },
      ],
    },
  });
}

describe('a bundle signed with an AWS KMS key', () => {
  let emulator: Emulator;
  let kms: KMSClient;

  beforeAll(async () => {
    emulator = await startEmulator({ world: world() });
    kms = new KMSClient({ endpoint: emulator.url, region: 'us-east-1', credentials: emulator.credentials });
  });
  afterAll(async () => {
    kms.destroy();
    await emulator.close();
  });

  async function runWith(keyId: string, chain: ParsedCertificate[]) {
    const setup = await catalogWith(framework, profile(keyId, 'kms-signer.pem'));
    await writeFile(join(setup.dir, 'kms-signer.pem'), chain.map((c) => toPem(c.der)).join(''));
    const signsBefore = emulator.requests.filter((r) => r.operation === 'Sign').length;
    const run = await runAgainst(emulator, setup);
    const signs = emulator.requests.filter((r) => r.operation === 'Sign').length - signsBefore;
    return { setup, run, signs };
  }

  it('with a self-signed certificate made through kms:Sign (RSA)', async () => {
    const chain = await issueKmsCertificate({
      client: kms,
      keyId: 'alias/evidentia-signing',
      subject: { commonName: 'KMS Org audit signer' },
      now: new Date(),
      days: 30,
    });
    const { run, signs } = await runWith('alias/evidentia-signing', chain);
    expect(run.outcome.status).toBe('completed');
    // The two PDF signatures (report.pdf, evidence-detail.pdf) and the manifest signature, each one kms:Sign.
    expect(signs).toBe(3);
    const dir = run.outcome.dir;
    const report = await verifyBundle(await folderContents(dir), { trust: chain });
    expect(report.problems).toEqual([]);
    expect(report.signer).toMatchObject({
      kind: 'kms',
      trust: 'verified',
      fingerprintSha256: chain[0]!.fingerprintSha256,
    });
    const manifest = parseManifest(await readFile(join(dir, 'manifest.json')));
    expect(manifest.signer).toMatchObject({
      kind: 'kms',
      algorithm: 'RSA-SHA256',
      kmsKeyArn: expect.stringMatching(/^arn:aws:kms:us-east-1:111111111111:key\//),
    });
    expect(manifest.files.some((f) => f.path.startsWith('evidence/'))).toBe(true);
    const pdf = verifyPdfSignature(await readFile(join(dir, 'reports', 'report.pdf')));
    expect(pdf.status).toBe('valid');
    const fromArchive = await verifyBundle(await archiveContents(`${dir}.tar.gz`), {
      trust: chain,
    });
    expect(fromArchive.problems).toEqual([]);
    expect(fromArchive.filesVerified).toBe(report.filesVerified);
  });

  it('with an ECDSA P-256 key whose certificate a local CA issued', async () => {
    const caMade = await generateSelfSigned({
      subject: { commonName: 'KMS Org CA' },
      now: new Date(),
      days: 30,
      modulusLength: 2048,
    });
    const ca = localSigner({ key: caMade.key, chain: [caMade.certificate], keyDescription: 'ca' });
    const chain = await issueKmsCertificate({
      client: kms,
      keyId: 'alias/evidentia-ec',
      subject: { commonName: 'KMS Org EC signer' },
      now: new Date(),
      days: 30,
      ca,
    });
    expect(chain).toHaveLength(2);
    const { run } = await runWith('alias/evidentia-ec', chain);
    expect(run.outcome.status).toBe('completed');
    const report = await verifyBundle(await folderContents(run.outcome.dir), { trust: [caMade.certificate] });
    expect(report.problems).toEqual([]);
    expect(report.signer?.trust).toBe('verified');
    const manifest = parseManifest(await readFile(join(run.outcome.dir, 'manifest.json')));
    expect(manifest.signer.algorithm).toBe('ECDSA-SHA256');
  });

  it('a disabled key fails the run, and no folder or archive looks finished', async () => {
    const selfSigned = await issueKmsCertificate({
      client: kms,
      keyId: 'alias/evidentia-signing',
      subject: { commonName: 'Wrong key' },
      now: new Date(),
      days: 30,
    });
    const { setup, run } = await runWith('alias/retired', selfSigned);
    expect(run.outcome.status).toBe('failed');
    expect(run.outcome.error?.message).toMatch(/alias\/retired.*disabled/i);
    expect(existsSync(run.outcome.dir)).toBe(false);
    expect(existsSync(`${run.outcome.dir}.tar.gz`)).toBe(false);
    const left = await readdir(join(setup.dir, 'out', 'kms-it')).catch(() => []);
    expect(left).toEqual([]);
  });

  it('a certificate for another key is refused before anything is signed', async () => {
    const ecChain = await issueKmsCertificate({
      client: kms,
      keyId: 'alias/evidentia-ec',
      subject: { commonName: 'EC' },
      now: new Date(),
      days: 30,
    });
    const { run, signs } = await runWith('alias/evidentia-signing', ecChain);
    expect(run.outcome.status).toBe('failed');
    expect(run.outcome.error?.message).toMatch(/not for the KMS key/);
    expect(signs).toBe(0);
  });
});
