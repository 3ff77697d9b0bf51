// Tampering with a bundle in every way an auditor cares about: one flipped byte in a report, an evidence
// record, the manifest or its signature; an added file; a removed file; a re-signed bundle with --trust.
// Each must fail verification and name the file.

import { copyFile, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  archiveContents,
  folderContents,
  parseManifest,
  type VerifyReport,
  verifyBundle,
  verifyPdfSignature,
  writeArchive,
  writeBundle,
} from '../../../src/bundle/index.js';
import { listFiles } from '../../../src/bundle/manifest/list-files.js';
import { RUN, SIGNED_AT, sealedBundle, testSigner } from './bundle-fixture.js';

async function flipByte(path: string, at?: number): Promise<void> {
  const bytes = await readFile(path);
  const i = at ?? Math.floor(bytes.length / 2);
  bytes[i] = bytes[i]! ^ 0x01;
  await writeFile(path, bytes);
}

const verifyDir = async (dir: string, trust?: Parameters<typeof verifyBundle>[1]) =>
  verifyBundle(await folderContents(dir), trust);

function kinds(r: VerifyReport) {
  return r.problems.map((p) => `${p.kind} ${p.path}`);
}

describe('a sealed bundle', () => {
  it('verifies, lists every file in the manifest, and carries a valid PDF signature', async () => {
    const { dir, signer } = await sealedBundle();
    const report = await verifyDir(dir);
    expect(report.problems).toEqual([]);
    // Intact, but with no trust anchor nothing says who signed: not ok.
    expect(report).toMatchObject({ integrity: true, trust: 'not-verified', ok: false });
    expect(report.signer).toMatchObject({
      fingerprintSha256: signer.chain[0]!.fingerprintSha256,
      trust: 'not-verified',
    });
    expect((await verifyDir(dir, { trust: signer.chain })).ok).toBe(true);
    const manifest = parseManifest(await readFile(join(dir, 'manifest.json')));
    expect(manifest.files.map((f) => f.path)).toEqual([
      'SHA256SUMS',
      'VERIFY.md',
      'evidence/111111111111/us-east-1/ev-000001.json',
      'evidence/111111111111/us-east-1/ev-000002.json',
      'plan.json',
      'reports/findings.csv',
      'reports/report.html',
      'reports/report.pdf',
      'results.json',
      'signer.pem',
    ]);
    expect(report.filesVerified).toBe(10);
    expect(manifest.signer.certificateSha256).toBe(signer.chain[0]!.fingerprintSha256);
    expect(manifest.frameworks[0]).toMatchObject({ id: 'fw', sha256: 'b'.repeat(64) });
    expect(manifest.profile.sha256).toBe('a'.repeat(64));
    expect(manifest.tool.version).toBe('0.0.0-test');
    const pdf = verifyPdfSignature(await readFile(join(dir, 'reports', 'report.pdf')));
    expect(pdf.status).toBe('valid');
    expect(pdf.signer?.fingerprintSha256).toBe(signer.chain[0]!.fingerprintSha256);
    const sums = await readFile(join(dir, 'SHA256SUMS'), 'utf8');
    expect(sums).toContain('  reports/report.html\n');
    expect(sums).not.toContain('manifest.json');
    const verifyMd = await readFile(join(dir, 'VERIFY.md'), 'utf8');
    expect(verifyMd).toContain(
      'openssl cms -verify -binary -inform DER -content manifest.json -in manifest.json.p7s',
    );
    expect(verifyMd).toContain('pdfsig reports/report.pdf');
  });

  it('pins the signer with --trust, and rejects a bundle re-signed by someone else', async () => {
    const { dir, signer } = await sealedBundle();
    expect((await verifyDir(dir, { trust: signer.chain })).signer?.trust).toBe('verified');

    // An attacker edits a report and re-seals the whole bundle with their own key: intact, but not ours.
    const mallory = await testSigner('Mallory');
    await writeFile(join(dir, 'reports', 'report.html'), '<p>Everything passes.</p>');
    // (The signed PDF cannot be re-signed in place, so this attacker drops it.)
    for (const f of ['manifest.json', 'manifest.json.p7s', 'SHA256SUMS', 'VERIFY.md', 'reports/report.pdf'])
      await unlink(join(dir, f));
    await writeBundle({ dir, run: RUN, signer: mallory, signedAt: SIGNED_AT });
    // Intact: without an anchor that is all verify can say, and it does not exit 0 on it.
    expect(await verifyDir(dir)).toMatchObject({ integrity: true, trust: 'not-verified', ok: false });
    const pinned = await verifyDir(dir, { trust: signer.chain });
    expect(pinned).toMatchObject({ ok: false, trust: 'failed' });
    expect(kinds(pinned)).toContain('unknown-signer manifest.json.p7s');
    expect(pinned.problems.find((p) => p.kind === 'unknown-signer')?.message).toContain('Mallory');
  });
});

describe('verify names what was tampered with', () => {
  const cases: { what: string; file: string; expected: string[] }[] = [
    { what: 'a report (HTML)', file: 'reports/report.html', expected: ['modified reports/report.html'] },
    {
      what: 'a report (PDF, in its signed byte range)',
      file: 'reports/report.pdf',
      expected: ['modified reports/report.pdf', 'pdf-signature reports/report.pdf'],
    },
    {
      what: 'an evidence record',
      file: 'evidence/111111111111/us-east-1/ev-000002.json',
      expected: ['modified evidence/111111111111/us-east-1/ev-000002.json'],
    },
    { what: 'results.json', file: 'results.json', expected: ['modified results.json'] },
    { what: 'the manifest', file: 'manifest.json', expected: ['modified manifest.json'] },
    {
      what: 'the signer certificate',
      file: 'signer.pem',
      expected: ['modified signer.pem', 'signer-mismatch signer.pem'],
    },
  ];
  for (const c of cases) {
    it(`one flipped byte in ${c.what}`, async () => {
      const { dir } = await sealedBundle();
      const path = join(dir, c.file);
      // signer.pem: flip a base64 character of the certificate body (still PEM, different certificate).
      if (c.file === 'signer.pem') {
        const text = await readFile(path, 'utf8');
        const i = text.indexOf('\n', 40) + 10;
        await writeFile(path, `${text.slice(0, i)}${text[i] === 'A' ? 'B' : 'A'}${text.slice(i + 1)}`);
      } else if (c.file === 'manifest.json') {
        // A letter of the organisation's name: still valid JSON, still a well-formed manifest.
        const bytes = await readFile(path);
        await flipByte(path, bytes.indexOf('Example Org'));
      } else if (c.file === 'reports/report.pdf') {
        const bytes = await readFile(path);
        await flipByte(path, bytes.length - 200);
      } else await flipByte(path);
      const report = await verifyDir(dir);
      expect(report.integrity).toBe(false);
      expect(kinds(report).sort()).toEqual([...c.expected].sort());
    });
  }

  it('one flipped byte anywhere in the signature is a bad signature of manifest.json.p7s', async () => {
    const { dir } = await sealedBundle();
    const p7s = join(dir, 'manifest.json.p7s');
    const original = await readFile(p7s);
    // Every region of the CMS: headers, certificate, signed attributes, signature value.
    for (const at of [3, 60, Math.floor(original.length / 2), original.length - 300, original.length - 5]) {
      await writeFile(p7s, original);
      await flipByte(p7s, at);
      const report = await verifyDir(dir);
      expect(report.ok, `byte ${at}`).toBe(false);
      expect(
        report.problems.map((p) => p.path),
        `byte ${at}`,
      ).toContain('manifest.json.p7s');
      expect(
        report.problems.every((p) => p.path === 'manifest.json.p7s' || p.kind === 'signer-mismatch'),
        `byte ${at}`,
      ).toBe(true);
    }
  });

  it('an added file is extra, a removed file is missing', async () => {
    const { dir } = await sealedBundle();
    await writeFile(join(dir, 'evidence', 'planted.json'), '{}');
    await rm(join(dir, 'reports', 'findings.csv'));
    const report = await verifyDir(dir);
    expect(kinds(report).sort()).toEqual(['extra evidence/planted.json', 'missing reports/findings.csv']);
  });

  it('a manifest broken beyond reading is modified and unreadable', async () => {
    const { dir } = await sealedBundle();
    await writeFile(
      join(dir, 'manifest.json'),
      (await readFile(join(dir, 'manifest.json'), 'utf8')).slice(0, 100),
    );
    expect(kinds(await verifyDir(dir)).sort()).toEqual([
      'bad-manifest manifest.json',
      'modified manifest.json',
    ]);
  });

  it('a missing signature or manifest is reported, never a pass', async () => {
    const { dir } = await sealedBundle();
    await rm(join(dir, 'manifest.json.p7s'));
    expect(kinds(await verifyDir(dir))).toEqual(['missing manifest.json.p7s']);
    await rm(join(dir, 'manifest.json'));
    const report = await verifyDir(dir);
    expect(report.integrity).toBe(false);
    expect(kinds(report)).toContain('missing manifest.json');
  });
});

describe('the archive', () => {
  async function archiveOf(dir: string): Promise<string> {
    const file = `${dir}.tar.gz`;
    await writeArchive({ dir, files: (await listFiles(dir)).files, root: RUN.runId, file, mtime: SIGNED_AT });
    return file;
  }

  it('verifies as a stream, and names a modified, added or removed entry', async () => {
    const { dir } = await sealedBundle();
    const good = await archiveOf(dir);
    const ok = await verifyBundle(await archiveContents(good));
    expect(ok.problems).toEqual([]);
    expect(ok.filesVerified).toBe(10);

    await flipByte(join(dir, 'evidence', '111111111111', 'us-east-1', 'ev-000001.json'));
    await writeFile(join(dir, 'extra.txt'), 'hello');
    await rm(join(dir, 'plan.json'));
    const bad = await archiveOf(dir);
    const report = await verifyBundle(await archiveContents(bad));
    expect(kinds(report).sort()).toEqual([
      'extra extra.txt',
      'missing plan.json',
      'modified evidence/111111111111/us-east-1/ev-000001.json',
    ]);
  });

  it('is byte-for-byte reproducible from the same folder', async () => {
    const { dir } = await sealedBundle();
    const a = await readFile(await archiveOf(dir));
    await copyFile(`${dir}.tar.gz`, `${dir}.first.tar.gz`);
    const b = await readFile(await archiveOf(dir));
    expect(b.equals(a)).toBe(true);
  });
});
