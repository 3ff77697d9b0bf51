// Sealing and archiving in one pass (writeBundleArchive, tar-writer.ts): each file is read once, hashed and
// archived from the same bytes. What GNU tar unpacks and what openssl checks must be what the manifest signs;
// the tar framing is node-tar's, byte for byte; a file that changes or turns irregular while read is refused.

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFile, chmod, link, mkdir, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { create } from 'tar';
import { describe, expect, it } from 'vitest';
import { openBundle, writeArchive, writeBundleArchive } from '../../../src/bundle/index.js';
import { comparePaths, listFiles } from '../../../src/bundle/manifest/list-files.js';
import { parseManifest } from '../../../src/bundle/manifest/manifest.js';
import { type TarSink, TarWriter } from '../../../src/bundle/tar-writer.js';
import { RUN, runFolder, SIGNED_AT, testSigner } from './bundle-fixture.js';

const run = promisify(execFile);
const SEAL = ['SHA256SUMS', 'manifest.json', 'manifest.json.p7s'];

/** A run folder with one file larger than a read piece (256 KiB), one name too long for ustar, an empty file. */
async function largerFolder() {
  const signer = await testSigner();
  const dir = await runFolder(signer);
  const big = Buffer.alloc(700_000);
  for (let i = 0; i < big.length; i++) big[i] = (i * 7919) % 251;
  await writeFile(join(dir, 'findings.jsonl'), big);
  const deep = join(dir, 'evidence', '111111111111', 'us-east-1', 'x'.repeat(60));
  await mkdir(deep, { recursive: true });
  await writeFile(join(deep, `${'y'.repeat(120)}.json`), '{"long":true}\n');
  await writeFile(join(dir, 'reports', 'empty.csv'), '');
  return { dir, signer };
}

describe('writeBundleArchive', () => {
  it('seals and archives in one pass: GNU tar unpacks the folder, openssl accepts the manifest, verify says OK', async () => {
    const { dir, signer } = await largerFolder();
    const file = `${dir}.tar.gz`;
    const sealed = await writeBundleArchive({
      dir,
      run: RUN,
      signer,
      signedAt: SIGNED_AT,
      archive: { root: RUN.runId, file, mtime: SIGNED_AT, blockSize: 4096 },
    });
    // The folder and the archive both verify with the signer as anchor.
    expect((await openBundle(dir, { trust: signer.chain })).ok).toBe(true);
    expect((await openBundle(file, { trust: signer.chain })).ok).toBe(true);

    // GNU tar: the run's files in sorted order, then the seal; every byte the same as in the folder.
    const folderFiles = (await listFiles(dir)).files;
    const listed = (await run('tar', ['-tzf', file])).stdout.trim().split('\n');
    const runFiles = folderFiles.filter((f) => !SEAL.includes(f));
    expect(listed).toEqual([...runFiles, ...SEAL].map((f) => `${RUN.runId}/${f}`));
    const out = join(dir, '..', 'unpacked');
    await mkdir(out);
    await run('tar', ['-xzf', file, '-C', out]);
    for (const f of folderFiles)
      expect((await readFile(join(out, RUN.runId, f))).equals(await readFile(join(dir, f))), f).toBe(true);

    // The manifest lists every file but itself and its signature, with what sha256sum says of the unpacked bytes.
    const unpacked = join(out, RUN.runId);
    const manifestBytes = await readFile(join(unpacked, 'manifest.json'));
    expect(manifestBytes.equals(await readFile(join(dir, 'manifest.json')))).toBe(true);
    expect(sealed.manifestSha256).toBe(createHash('sha256').update(manifestBytes).digest('hex'));
    const manifest = parseManifest(manifestBytes);
    expect(sealed.files).toBe(manifest.files.length);
    expect(manifest.files.map((f) => f.path)).toEqual(
      folderFiles.filter((f) => !f.startsWith('manifest.json')),
    );
    const sums = await run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: unpacked });
    expect(sums.stdout).toContain('findings.jsonl: OK');
    const cert = join(out, 'signer-cert.pem');
    await writeFile(cert, await readFile(join(unpacked, 'signer.pem')));
    const openssl = await run('openssl', [
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      join(unpacked, 'manifest.json.p7s'),
      '-content',
      join(unpacked, 'manifest.json'),
      '-CAfile',
      cert,
      '-purpose',
      'any',
      '-attime',
      String(Math.floor(SIGNED_AT.getTime() / 1000)),
      '-out',
      '/dev/null',
    ]);
    expect(openssl.stderr).toContain('Verification successful');
  });

  it('refuses a hard-linked file: a second name may be a file from outside the run folder linked in', async () => {
    const { dir, signer } = await largerFolder();
    const outside = `${dir}-outside-secret.pem`;
    await writeFile(outside, 'not for the package');
    await link(outside, join(dir, 'reports', 'secret.pem'));
    const file = `${dir}.tar.gz`;
    await expect(
      writeBundleArchive({
        dir,
        run: RUN,
        signer,
        signedAt: SIGNED_AT,
        archive: { root: RUN.runId, file, mtime: SIGNED_AT },
      }),
    ).rejects.toMatchObject({ code: 'BUNDLE_FILE_REFUSED', message: expect.stringContaining('hard link') });
    // What the previous archive writer (node-tar's create) made of a hard-linked folder: a link entry,
    // which verify refuses — so no package with a hard link ever verified.
    await rm(join(dir, 'reports', 'secret.pem'));
    await link(join(dir, 'reports', 'report.html'), join(dir, 'reports', 'report-copy.html'));
    const old = `${dir}-node-tar.tar.gz`;
    await create(
      {
        cwd: dir,
        prefix: RUN.runId,
        portable: true,
        mtime: SIGNED_AT,
        noDirRecurse: true,
        gzip: true,
        file: old,
      },
      (await listFiles(dir)).files,
    );
    expect((await openBundle(old, { trust: signer.chain })).ok).toBe(false);
  });
});

describe('writeArchive', () => {
  it('frames every entry byte for byte as node-tar create does (pax for long paths, modes, empty files)', async () => {
    const { dir } = await largerFolder();
    await chmod(join(dir, 'plan.json'), 0o600);
    await chmod(join(dir, 'results.json'), 0o775);
    const files = (await listFiles(dir)).files;
    const file = `${dir}-ours.tar.gz`;
    await writeArchive({ dir, files, root: RUN.runId, file, mtime: SIGNED_AT, blockSize: 1000 });
    const theirs: Buffer[] = [];
    const pack = create(
      { cwd: dir, prefix: RUN.runId, portable: true, mtime: SIGNED_AT, noDirRecurse: true, strict: true },
      files,
    );
    for await (const chunk of pack) theirs.push(chunk as Buffer);
    expect(gunzipSync(await readFile(file)).equals(Buffer.concat(theirs))).toBe(true);
  });
});

/** A sink that keeps what it is given and calls `onAppend` before each append (the test's hand on the disk). */
function recordingSink(onAppend: (n: number) => Promise<void>): TarSink & { bytes: Buffer[] } {
  const bytes: Buffer[] = [];
  let n = 0;
  return {
    bytes,
    append: async (chunk) => {
      await onAppend(n++);
      bytes.push(Buffer.from(chunk));
    },
  };
}

describe('TarWriter', () => {
  const big = 'findings.jsonl'; // 700,000 bytes: read in three pieces

  async function archiveWhile(change: (path: string) => Promise<void>) {
    const { dir } = await largerFolder();
    const files = (await listFiles(dir)).files;
    const sink = recordingSink(async (n) => {
      if (n === 0) await change(join(dir, big));
    });
    const digests = new Map<string, string>();
    const tar = new TarWriter(sink, { dir, root: RUN.runId, mtime: SIGNED_AT });
    const done = tar.addFiles([big, ...files.filter((f) => f !== big)], (p, d) => digests.set(p, d.sha256));
    return { done, digests };
  }

  it('refuses a file that grows while it is archived', async () => {
    const { done, digests } = await archiveWhile((p) => appendFile(p, 'more'));
    await expect(done).rejects.toMatchObject({ code: 'BUNDLE_FILE_CHANGED' });
    expect(digests.has(big)).toBe(false);
  });

  it('refuses a file that shrinks while it is archived', async () => {
    const { done } = await archiveWhile((p) => truncate(p, 300_000));
    await expect(done).rejects.toMatchObject({ code: 'BUNDLE_FILE_CHANGED' });
  });

  it('hashes exactly the bytes it frames', async () => {
    const { dir } = await largerFolder();
    const sink = recordingSink(async () => {});
    const tar = new TarWriter(sink, { dir, root: RUN.runId, mtime: SIGNED_AT });
    const digests = new Map<string, { size: number; sha256: string }>();
    await tar.addFiles([big], (p, d) => digests.set(p, d));
    await tar.end();
    const framed = Buffer.concat(sink.bytes);
    const body = framed.subarray(512, 512 + 700_000);
    expect(digests.get(big)).toEqual({
      size: 700_000,
      sha256: createHash('sha256').update(body).digest('hex'),
    });
    expect(body.equals(await readFile(join(dir, big)))).toBe(true);
  });

  it('refuses a symbolic link or a FIFO put in place of a listed file, without waiting on the FIFO', async () => {
    const { dir } = await largerFolder();
    const tar = new TarWriter(
      recordingSink(async () => {}),
      { dir, root: RUN.runId, mtime: SIGNED_AT },
    );
    await rm(join(dir, 'plan.json'));
    await symlink('/etc/hostname', join(dir, 'plan.json'));
    await expect(tar.addFiles(['plan.json'])).rejects.toMatchObject({ code: 'BUNDLE_FILE_REFUSED' });
    await rm(join(dir, 'results.json'));
    await run('mkfifo', [join(dir, 'results.json')]);
    await expect(tar.addFiles(['results.json'])).rejects.toMatchObject({ code: 'BUNDLE_FILE_REFUSED' });
  });

  it('refuses a file reached through a folder replaced by a symbolic link out of the run folder', async () => {
    const { dir } = await largerFolder();
    const outside = `${dir}-keys`;
    await mkdir(outside, { recursive: true });
    await writeFile(join(outside, 'report.html'), 'the private key');
    // Listed as reports/report.html; by the time it is archived, reports/ points elsewhere.
    await rm(join(dir, 'reports'), { recursive: true });
    await symlink(outside, join(dir, 'reports'));
    const sink = recordingSink(async () => {});
    const tar = new TarWriter(sink, { dir, root: RUN.runId, mtime: SIGNED_AT });
    await expect(tar.addFiles(['reports/report.html'])).rejects.toMatchObject({
      code: 'BUNDLE_FILE_REFUSED',
      message: expect.stringContaining('outside the run folder'),
    });
    expect(Buffer.concat(sink.bytes).includes('the private key')).toBe(false);
  });
});

describe('comparePaths', () => {
  it('orders as Buffer.compare of the UTF-8 does, surrogate pairs and U+E000–U+FFFF included', () => {
    const alphabet = [
      'a',
      'b',
      '/',
      '.',
      '-',
      'é',
      '\u00ff',
      '\u0800',
      '\ud7ff',
      '\ue000',
      '\uffff',
      '😀',
      '𐀀',
      '\u{10ffff}',
    ];
    let seed = 7;
    const pick = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return alphabet[seed % alphabet.length]!;
    };
    const paths = Array.from({ length: 400 }, () =>
      Array.from({ length: 1 + (pick().length % 4) + (seed % 5) }, pick).join(''),
    );
    const byBytes = [...paths].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect([...paths].sort(comparePaths)).toEqual(byBytes);
    for (const a of paths.slice(0, 60))
      for (const b of paths.slice(0, 60))
        expect(Math.sign(comparePaths(a, b))).toBe(Buffer.compare(Buffer.from(a), Buffer.from(b)));
  });
});
