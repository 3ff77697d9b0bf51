// Trusted time against a real local TSA: `openssl ts -reply` behind a loopback HTTP server this test starts.
// A package signed with a time-stamping signer carries an RFC 3161 token in the manifest signature and a
// PAdES B-T PDF signature; verify checks the imprint and the TSA's chain and prints the trusted time;
// `openssl ts -verify` and `pdfsig` agree, and a token over other data is refused by both.

import { execFile } from 'node:child_process';
import { createHash, createPrivateKey, randomBytes, sign } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { context, integer, NULL, octetString, oid, seq, setOf, tlv } from '../../../src/bundle/der/der.js';
import { HASH_OID, OID } from '../../../src/bundle/der/oids.js';
import {
  folderContents,
  generateSelfSigned,
  localSigner,
  parsePemCertificates,
  resolveSigner,
  verifyBundle,
  verifyDetachedCms,
  verifyPdfSignature,
  writeBundle,
} from '../../../src/bundle/index.js';
import { withTimestamp } from '../../../src/bundle/signers/bundle-signer.js';
import { timestampAuthority } from '../../../src/bundle/timestamp/timestamp-authority.js';
import { verifyTimestampToken } from '../../../src/bundle/timestamp/verify-timestamp.js';
import { formatReport } from '../../../src/cli/commands/verify.js';
import { fixedClock } from '../../../src/core/clock.js';
import { RUN, runFolder } from './bundle-fixture.js';

const run = promisify(execFile);
let dir: string;
let server: Server;
let url: string;
let requests = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'evidentia-tsa-'));
  const at = (f: string) => join(dir, f);
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    at('ca.key'),
    '-out',
    at('ca.pem'),
    '-subj',
    '/O=Test/CN=Test TSA Root',
    '-days',
    '30',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  await run('openssl', [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    at('tsa.key'),
    '-out',
    at('tsa.csr'),
    '-subj',
    '/O=Test/CN=Test TSA',
  ]);
  await writeFile(
    at('tsa-ext.cnf'),
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n',
  );
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    at('tsa.csr'),
    '-CA',
    at('ca.pem'),
    '-CAkey',
    at('ca.key'),
    '-CAcreateserial',
    '-out',
    at('tsa.pem'),
    '-days',
    '30',
    '-extfile',
    at('tsa-ext.cnf'),
  ]);
  await writeFile(at('tsaserial'), '01\n');
  await writeFile(
    at('tsa.cnf'),
    [
      '[ tsa ]',
      'default_tsa = tsa_config',
      '[ tsa_config ]',
      `serial = ${at('tsaserial')}`,
      'crypto_device = builtin',
      `signer_cert = ${at('tsa.pem')}`,
      `certs = ${at('ca.pem')}`,
      `signer_key = ${at('tsa.key')}`,
      'signer_digest = sha256',
      'default_policy = 1.2.3.4.1',
      'digests = sha256, sha384, sha512',
      'accuracy = secs:1',
      'ordering = yes',
      'tsa_name = no',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
  // The TSA: each request answered by `openssl ts -reply`, one at a time.
  let queue = Promise.resolve();
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      queue = queue.then(async () => {
        requests += 1;
        const q = at(`q${requests}.tsq`);
        const r = at(`r${requests}.tsr`);
        await writeFile(q, Buffer.concat(chunks));
        try {
          await run('openssl', ['ts', '-reply', '-config', at('tsa.cnf'), '-queryfile', q, '-out', r]);
          res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(await readFile(r));
        } catch (err) {
          res.writeHead(500).end(String(err));
        }
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`;
}, 60_000);
afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

async function stampedBundle() {
  const now = new Date();
  const made = await generateSelfSigned({
    subject: { commonName: 'Stamped signer', organization: 'Tests' },
    now,
    days: 30,
    modulusLength: 2048,
  });
  const signer = withTimestamp(
    localSigner({ key: made.key, chain: [made.certificate], keyDescription: 'stamped' }),
    timestampAuthority(url),
  );
  const bundle = await runFolder(signer);
  await writeBundle({ dir: bundle, run: RUN, signer, signedAt: now });
  const tsaRoot = parsePemCertificates(await readFile(join(dir, 'ca.pem'), 'utf8'));
  return { bundle, signer, anchors: [made.certificate, ...tsaRoot] };
}

describe('trusted time (RFC 3161)', () => {
  it('time-stamps the manifest signature; verify prints the trusted time and openssl ts -verify agrees', async () => {
    const before = requests;
    const { bundle, anchors, signer } = await stampedBundle();
    // One token for the PDF's signature, one for the manifest's.
    expect(requests - before).toBe(2);
    const report = await verifyBundle(await folderContents(bundle), { trust: anchors });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, trust: 'verified' });
    expect(report.timestamp).toMatchObject({ status: 'verified', tsa: 'O=Test, CN=Test TSA' });
    const trusted = new Date(report.timestamp!.time!);
    expect(Math.abs(trusted.getTime() - Date.now())).toBeLessThan(120_000);
    expect(formatReport(report)).toContain(
      `Trusted time: ${report.timestamp!.time} (RFC 3161 time-stamp by 'O=Test, CN=Test TSA', verified)`,
    );

    // openssl ts -verify on the very token, over the signature value it stamps.
    const cms = verifyDetachedCms(
      await readFile(join(bundle, 'manifest.json.p7s')),
      await readFile(join(bundle, 'manifest.json')),
    );
    expect(cms.status).toBe('valid');
    await writeFile(join(bundle, '..', 'token.der'), cms.timestampToken!);
    await writeFile(join(bundle, '..', 'signature.bin'), cms.signatureValue!);
    const tsVerify = (data: string) =>
      run('openssl', [
        'ts',
        '-verify',
        '-in',
        join(bundle, '..', 'token.der'),
        '-token_in',
        '-data',
        data,
        '-CAfile',
        join(dir, 'ca.pem'),
      ]).then(
        (r) => r.stdout,
        (err: { stdout: string; stderr: string }) => `${err.stdout}${err.stderr}`,
      );
    expect(await tsVerify(join(bundle, '..', 'signature.bin'))).toContain('Verification: OK');

    // A token moved onto other data: refused by openssl and by verify alike.
    await writeFile(join(bundle, '..', 'other.bin'), Buffer.from('another signature'));
    expect(await tsVerify(join(bundle, '..', 'other.bin'))).toMatch(
      /Verification: FAILED|message imprint mismatch/,
    );
    const moved = await verifyTimestampToken(cms.timestampToken!, Buffer.from('another signature'), anchors);
    expect(moved).toMatchObject({ status: 'failed', detail: expect.stringContaining('imprint differs') });

    // pdfsig: the PDF signature is PAdES (ETSI.CAdES.detached), valid, whole document; ours agrees.
    const pdfPath = join(bundle, 'reports', 'report.pdf');
    const pdfsig = await run('pdfsig', [pdfPath]).then(
      (r) => r.stdout,
      (err: { stdout: string }) => err.stdout,
    );
    expect(pdfsig).toContain('Signature Type: ETSI.CAdES.detached');
    expect(pdfsig).toContain('Signature Validation: Signature is Valid.');
    expect(pdfsig).toContain('Total document signed');
    const pdf = verifyPdfSignature(await readFile(pdfPath));
    expect(pdf.status).toBe('valid');
    expect(pdf.timestampToken).toBeDefined();
    expect(pdf.signer?.fingerprintSha256).toBe(signer.chain[0]!.fingerprintSha256);
  }, 60_000);

  it("takes the authority from the profile's signing block", async () => {
    const made = await generateSelfSigned({
      subject: { commonName: 'Profile signer' },
      now: new Date(),
      days: 5,
    });
    await writeFile(join(dir, 'profile-key.pem'), made.keyPem);
    await writeFile(join(dir, 'profile-cert.pem'), made.certificatePem);
    const signer = await resolveSigner({
      signing: { kind: 'local', key: 'profile-key.pem', certificate: 'profile-cert.pem', timestamp: { url } },
      profileDir: dir,
      env: {},
      clock: fixedClock(new Date()),
      trialKeyDir: join(dir, 'trial'),
      kmsClient: () => {
        throw new Error('no KMS here');
      },
    });
    expect(signer.timestamp?.url).toBe(url);
    const bundle = await runFolder(signer);
    await writeBundle({ dir: bundle, run: RUN, signer, signedAt: new Date() });
    const cms = verifyDetachedCms(
      await readFile(join(bundle, 'manifest.json.p7s')),
      await readFile(join(bundle, 'manifest.json')),
    );
    expect(cms.timestampToken).toBeDefined();
  }, 60_000);

  it("refuses a token signed by another key under a copy of the TSA's serial number, as openssl ts -verify does", async () => {
    // The genuine TSA certificate is public (every token carries it). The forger makes a certificate of its
    // own with the same serial number (another issuer name, so the signer info names only the forger's),
    // signs a TSTInfo with its key and carries both certificates, the genuine one first.
    const at = (f: string) => join(dir, f);
    const genuine = parsePemCertificates(await readFile(at('tsa.pem'), 'utf8'))[0]!;
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      at('forger.key'),
      '-out',
      at('forger.pem'),
      '-subj',
      '/O=Forger/CN=Forged TSA',
      '-set_serial',
      `0x${genuine.x509.serialNumber}`,
      '-days',
      '30',
      '-addext',
      'extendedKeyUsage=critical,timeStamping',
    ]);
    const forger = parsePemCertificates(await readFile(at('forger.pem'), 'utf8'))[0]!;
    expect(forger.x509.serialNumber).toBe(genuine.x509.serialNumber);
    const signatureValue = randomBytes(256);
    const sha256 = seq(oid(HASH_OID.sha256), NULL);
    const tstInfo = seq(
      integer(1),
      oid('1.2.3.4.1'),
      seq(sha256, octetString(createHash('sha256').update(signatureValue).digest())),
      integer(4242),
      // A GeneralizedTime of the forger's choosing, within the genuine TSA certificate's validity.
      tlv(0x18, Buffer.from(`${new Date().toISOString().replace(/[-:T]|\.\d+/g, '')}`)),
    );
    const key = createPrivateKey(await readFile(at('forger.key')));
    const signerInfo = seq(
      integer(1),
      seq(forger.issuerDer, forger.serialDer),
      sha256,
      seq(oid(OID.rsaEncryption), NULL),
      octetString(sign('sha256', tstInfo, key)),
    );
    const token = seq(
      oid(OID.signedData),
      context(
        0,
        seq(
          integer(3),
          setOf(sha256),
          seq(oid(OID.tstInfo), context(0, octetString(tstInfo))),
          tlv(0xa0, Buffer.concat([genuine.der, forger.der])),
          setOf(signerInfo),
        ),
      ),
    );
    const tsaRoot = parsePemCertificates(await readFile(at('ca.pem'), 'utf8'));
    const check = await verifyTimestampToken(token, signatureValue, tsaRoot);
    // The forger's certificate is the one that signed, and no anchor vouches for it.
    expect(check).toMatchObject({ status: 'failed', tsa: 'O=Forger, CN=Forged TSA' });
    expect(check.detail).toMatch(/the TSA is not trusted/);
    // openssl agrees: the token does not verify against the TSA's root.
    await writeFile(at('forged.tsr'), token);
    await writeFile(at('forged-data.bin'), signatureValue);
    const openssl = await run('openssl', [
      'ts',
      '-verify',
      '-in',
      at('forged.tsr'),
      '-token_in',
      '-data',
      at('forged-data.bin'),
      '-CAfile',
      at('ca.pem'),
    ]).then(
      () => 'accepted',
      (err: { stdout: string; stderr: string }) => `${err.stdout}${err.stderr}`,
    );
    expect(openssl).toMatch(/Verification: FAILED/);
  }, 60_000);

  it('says the time is NOT verified without an anchor for the TSA, and fails with anchors that omit it', async () => {
    const { bundle, anchors } = await stampedBundle();
    const unanchored = await verifyBundle(await folderContents(bundle));
    expect(unanchored.timestamp?.status).toBe('not-verified');
    expect(unanchored).toMatchObject({ integrity: true, trust: 'not-verified', ok: false });
    // The signer pinned, the TSA's root not given: the time cannot be trusted, so the package fails.
    const signerOnly = await verifyBundle(await folderContents(bundle), { trust: [anchors[0]!] });
    expect(signerOnly.ok).toBe(false);
    expect(signerOnly.timestamp?.status).toBe('failed');
    expect(signerOnly.problems.map((p) => p.kind)).toContain('bad-timestamp');
  }, 60_000);
});
