// Hostile archives: what another reader would unpack from a package must be what verify checked. Data after
// the end-of-archive marker and a second gzip member are seen by `tar -i` and Python's
// `tarfile(ignore_zeros=True)` (asked in the same test) and refused by verify; an entry larger than its
// signed size is not read past it; a manifest over the cap is not read; a 1 GiB decompression bomb fails in
// seconds under 200 MiB of memory (measured in a child process); PDFs are checked as they stream.

import { execFile, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { createGzip, gunzipSync, gzipSync } from 'node:zlib';
import { Header } from 'tar';
import { describe, expect, it } from 'vitest';
import {
  archiveContents,
  folderContents,
  openBundle,
  signPdf,
  verifyBundle,
  verifyPdfSignature,
  writeArchive,
  writeBundle,
} from '../../../src/bundle/index.js';
import { listFiles } from '../../../src/bundle/manifest/list-files.js';
import { PdfSignatureScanner } from '../../../src/bundle/pdf/verify-pdf-signature.js';
import { packageRoot } from '../../../src/core/paths.js';
import { placeholderPdf, RUN, runFolder, SIGNED_AT, sealedBundle, testSigner } from './bundle-fixture.js';

const run = promisify(execFile);

async function sealedArchive() {
  const { dir, signer } = await sealedBundle();
  const file = `${dir}.tar.gz`;
  await writeArchive({ dir, files: (await listFiles(dir)).files, root: RUN.runId, file, mtime: SIGNED_AT });
  return { dir, file, trust: signer.chain };
}

/** A plain tar (made by GNU tar) holding one forged `<run-id>/reports/report.html`. */
async function forgedTar(dir: string): Promise<Buffer> {
  const base = join(dir, '..', 'forged');
  await mkdir(join(base, RUN.runId, 'reports'), { recursive: true });
  await writeFile(join(base, RUN.runId, 'reports', 'report.html'), '<p>FORGED: every control passes.</p>\n');
  const out = join(base, 'forged.tar');
  await run('tar', ['-cf', out, '-C', base, `${RUN.runId}/reports/report.html`]);
  return readFile(out);
}

/** What GNU tar (with and without -i) and Python's tarfile(ignore_zeros=True) list in `file`. */
async function otherReaders(file: string) {
  const list = async (args: string[]) => (await run('tar', [...args, file])).stdout.trim().split('\n');
  const py = await run('python3', [
    '-c',
    'import sys, tarfile\nwith tarfile.open(sys.argv[1], ignore_zeros=True) as t:\n  print("\\n".join(m.name for m in t.getmembers()))',
    file,
  ]);
  return { tar: await list(['-tzf']), tarI: await list(['-tizf']), python: py.stdout.trim().split('\n') };
}

const forgedPath = `${RUN.runId}/reports/report.html`;
const count = (names: string[], name: string) => names.filter((n) => n === name).length;

describe('archives that other readers see differently', () => {
  it('refuses data after the end-of-archive marker, which tar -i and tarfile(ignore_zeros) read', async () => {
    const { dir, file, trust } = await sealedArchive();
    const evil = join(dir, '..', 'after-eoa.tar.gz');
    const tarBytes = gunzipSync(await readFile(file));
    await writeFile(evil, gzipSync(Buffer.concat([tarBytes, await forgedTar(dir)])));

    const seen = await otherReaders(evil);
    expect(count(seen.tar, forgedPath)).toBe(1);
    expect(count(seen.tarI, forgedPath)).toBe(2);
    expect(count(seen.python, forgedPath)).toBe(2);

    const report = await openBundle(evil, { trust });
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      expect.objectContaining({
        kind: 'bad-archive',
        message: expect.stringContaining('data after the end-of-archive marker'),
      }),
    ]);
    // The genuine archive still verifies.
    expect((await openBundle(file, { trust })).ok).toBe(true);
  });

  it('refuses a second gzip member, which gunzip, tar -i and tarfile(ignore_zeros) unpack', async () => {
    const { dir, file, trust } = await sealedArchive();
    const evil = join(dir, '..', 'two-members.tar.gz');
    await writeFile(evil, Buffer.concat([await readFile(file), gzipSync(await forgedTar(dir))]));

    const seen = await otherReaders(evil);
    expect(count(seen.tarI, forgedPath)).toBe(2);
    expect(count(seen.python, forgedPath)).toBe(2);

    const report = await openBundle(evil, { trust });
    expect(report.ok).toBe(false);
    expect(report.problems[0]?.message).toMatch(/bytes follow the gzip stream \(a second gzip member/);
  });

  it('refuses bytes appended after the gzip stream, and a damaged gzip trailer', async () => {
    const { dir, file, trust } = await sealedArchive();
    const good = await readFile(file);
    const appended = join(dir, '..', 'appended.tar.gz');
    await writeFile(appended, Buffer.concat([good, Buffer.from('\0\0\0\0junk')]));
    expect((await openBundle(appended, { trust })).problems[0]?.message).toMatch(/follow the gzip stream/);
    const badCrc = Buffer.from(good);
    badCrc[badCrc.length - 8]! ^= 0xff;
    const crcFile = join(dir, '..', 'bad-crc.tar.gz');
    await writeFile(crcFile, badCrc);
    expect((await openBundle(crcFile, { trust })).problems[0]?.message).toMatch(/CRC-32/);
  });
});

describe('sizes and caps', () => {
  it('does not read an entry past its signed size, in a folder or an archive', async () => {
    const { dir } = await sealedBundle();
    const ev = 'evidence/111111111111/us-east-1/ev-000001.json';
    const signed = (await stat(join(dir, ev))).size;
    await writeFile(join(dir, ev), Buffer.alloc(signed + 4096, 0x41));
    const problems = (await verifyBundle(await folderContents(dir))).problems;
    expect(problems).toEqual([
      {
        kind: 'modified',
        path: ev,
        message: `it is ${signed + 4096} bytes, the manifest signed ${signed} (not read past the signed size)`,
      },
    ]);
    const file = `${dir}.tar.gz`;
    await writeArchive({ dir, files: (await listFiles(dir)).files, root: RUN.runId, file, mtime: SIGNED_AT });
    const contents = await archiveContents(file);
    expect(contents.files.get(ev)).toEqual({ size: signed + 4096, sha256: '' });
    expect((await verifyBundle(contents)).problems).toEqual(problems);
  });

  it('refuses a manifest over the 64 MiB cap without reading it', async () => {
    const { dir } = await sealedBundle();
    await writeFile(join(dir, 'manifest.json'), Buffer.alloc(64 * 1024 * 1024 + 1, 0x20));
    const fromFolder = await verifyBundle(await folderContents(dir));
    expect(fromFolder.ok).toBe(false);
    expect(fromFolder.problems[0]).toMatchObject({
      kind: 'bad-manifest',
      path: 'manifest.json',
      message: expect.stringContaining('over the 67108864-byte cap'),
    });
    const file = `${dir}.tar.gz`;
    await writeArchive({ dir, files: (await listFiles(dir)).files, root: RUN.runId, file, mtime: SIGNED_AT });
    const fromArchive = await verifyBundle(await archiveContents(file));
    expect(fromArchive.problems[0]).toMatchObject({ kind: 'bad-manifest', path: 'manifest.json' });
  });
});

describe('a decompression bomb', () => {
  it('fails in seconds and under 200 MiB of memory (1 GiB entry in a ~1 MB archive, child process)', async () => {
    const { dir, trust } = await sealedArchive();
    const bombPath = 'evidence/111111111111/us-east-1/ev-000001.json';
    const bomb = join(dir, '..', 'bomb.tar.gz');
    const GIB = 1024 * 1024 * 1024;
    const files = (await listFiles(dir)).files;
    async function* tarStream(): AsyncGenerator<Buffer> {
      for (const path of files) {
        const body = path === bombPath ? undefined : await readFile(join(dir, path));
        const size = body?.length ?? GIB;
        const h = new Header({
          path: `${RUN.runId}/${path}`,
          mode: 0o644,
          size,
          mtime: SIGNED_AT,
          type: 'File',
        });
        h.encode();
        yield h.block!;
        if (body) yield body;
        else {
          // The bomb sits before the manifest, so both passes must get through it.
          const zeros = Buffer.alloc(1 << 20);
          for (let i = 0; i < 1024; i++) yield zeros;
        }
        if (size % 512) yield Buffer.alloc(512 - (size % 512));
      }
      yield Buffer.alloc(1024);
    }
    await pipeline(Readable.from(tarStream()), createGzip({ level: 1 }), createWriteStream(bomb));
    const compressed = (await stat(bomb)).size;
    expect(compressed).toBeLessThan(8 * 1024 * 1024);
    const anchor = join(dir, '..', 'anchor.pem');
    await writeFile(anchor, trust[0]!.x509.toString());

    const started = Date.now();
    const child = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const p = spawn(
        process.execPath,
        [
          '--import',
          // The child reports its own peak RSS (KiB) as it exits.
          'data:text/javascript,process.on("exit",()=>process.stderr.write("maxRSS="+process.resourceUsage().maxRSS+"\\n"))',
          join(packageRoot(), 'bin', 'evidentia.js'),
          'verify',
          bomb,
          '--trust',
          anchor,
          '--json',
        ],
        { env: { ...process.env, EVIDENTIA_LOG_LEVEL: 'warn' } },
      );
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (d) => {
        stdout += d;
      });
      p.stderr.on('data', (d) => {
        stderr += d;
      });
      p.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    const seconds = (Date.now() - started) / 1000;
    const maxRssKiB = Number(/maxRSS=(\d+)/.exec(child.stderr)?.[1]);
    console.log(
      `bomb: ${compressed} bytes → 1 GiB entry; verify took ${seconds.toFixed(1)} s, peak RSS ${(maxRssKiB / 1024).toFixed(0)} MiB`,
    );
    expect(child.code).toBe(1);
    const report = JSON.parse(child.stdout) as {
      problems: { kind: string; path: string; message: string }[];
    };
    expect(report.problems).toEqual([
      expect.objectContaining({
        kind: 'modified',
        path: bombPath,
        message: expect.stringContaining('not read past'),
      }),
    ]);
    expect(maxRssKiB).toBeGreaterThan(0);
    expect(maxRssKiB).toBeLessThan(200 * 1024);
    expect(seconds).toBeLessThan(60);
  }, 120_000);
});

describe('the PDF signature check as a stream', () => {
  it('gives the same answer whatever the chunk sizes, and refuses bytes appended to the PDF', async () => {
    const { dir } = await sealedBundle();
    const pdf = await readFile(join(dir, 'reports', 'report.pdf'));
    const whole = verifyPdfSignature(pdf);
    expect(whole.status).toBe('valid');
    for (const size of [1, 7, 255, 256, 257, 4096]) {
      const scanner = new PdfSignatureScanner();
      for (let i = 0; i < pdf.length; i += size) scanner.update(pdf.subarray(i, i + size));
      const r = scanner.finish();
      expect([size, r.status, r.signer?.fingerprintSha256]).toEqual([
        size,
        'valid',
        whole.signer?.fingerprintSha256,
      ]);
    }
    const appended = verifyPdfSignature(Buffer.concat([pdf, Buffer.from('\n%%EOF\n')]));
    expect(appended.status).toBe('content-modified');
  });

  it('checks every PDF under reports/, not only report.pdf', async () => {
    const signer = await testSigner();
    // A second PDF signed like the report is listed in the manifest and its signature checked too.
    const dir = await runFolder(signer);
    const detail = join(dir, 'reports', 'evidence-detail.pdf');
    await writeFile(detail, await signPdf(await placeholderPdf(signer), signer, SIGNED_AT));
    await writeBundle({ dir, run: RUN, signer, signedAt: SIGNED_AT });
    expect((await verifyBundle(await folderContents(dir), { trust: signer.chain })).ok).toBe(true);
    // The same, never signed: a PDF under reports/ without a signature fails verify.
    const unsigned = await runFolder(signer);
    await writeFile(join(unsigned, 'reports', 'evidence-detail.pdf'), await placeholderPdf(signer));
    await writeBundle({ dir: unsigned, run: RUN, signer, signedAt: SIGNED_AT });
    const report = await verifyBundle(await folderContents(unsigned), { trust: signer.chain });
    expect(report.problems).toEqual([
      { kind: 'pdf-signature', path: 'reports/evidence-detail.pdf', message: 'the PDF carries no signature' },
    ]);
  });
});
