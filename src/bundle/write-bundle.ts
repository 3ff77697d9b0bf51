// Turn a rendered run folder into a signed bundle in place: sign the PDF report, write the signer's
// certificate, VERIFY.md and SHA256SUMS, then manifest.json (every file, hashed) and its detached signature.
// `writeBundle` hashes the folder; `writeBundleArchive` hashes each file as it archives it (one read), then
// seals the folder and ends the archive with SHA256SUMS, the manifest and its signature.

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256Hex } from '../core/canonical-json.js';
import type { RunMetadata } from '../core/run-result.js';
import { type ArchiveTarget, withArchive } from './archive.js';
import { signDetachedCms } from './cms/sign-cms.js';
import { verifyDetachedCms } from './cms/verify-cms.js';
import { comparePaths, type FileDigest, hashFiles, listFiles } from './manifest/list-files.js';
import {
  type BundleManifest,
  buildManifest,
  MANIFEST_FILE,
  SIGNATURE_FILE,
  SIGNER_CERT_FILE,
  serializeManifest,
  UNLISTED_FILES,
  VERIFY_FILE,
} from './manifest/manifest.js';
import { signPdf } from './pdf/sign-pdf.js';
import type { BundleSigner } from './signers/bundle-signer.js';
import { SigningError } from './signers/signing-error.js';
import { isSignedPdf } from './verify/bundle-contents.js';
import { SIGNED_PDF } from './verify/verify-bundle.js';
import { SUMS_FILE, sha256Sums, verifyMarkdown } from './verify-text.js';
import { toPem } from './x509/certificate.js';

export interface WriteBundleOptions {
  /** The run folder, reports already rendered (the PDF with its signature placeholder). */
  dir: string;
  run: RunMetadata;
  signer: BundleSigner;
  /** Signing time of the PDF and the manifest. */
  signedAt: Date;
}

export interface WrittenBundle {
  manifest: BundleManifest;
  /** Every file of the folder, sorted (the manifest's files plus the manifest and its signature). */
  files: string[];
}

/** Sign and seal the folder. */
export async function writeBundle(opts: WriteBundleOptions): Promise<WrittenBundle> {
  const listed = await prepareFolder(opts);
  const seal = await sealFolder(opts, await hashFiles(opts.dir, listed));
  const all = (await listFiles(opts.dir)).files;
  return { manifest: seal.manifest, files: all };
}

export interface WriteBundleArchiveOptions extends WriteBundleOptions {
  /** The .tar.gz to write (its `dir` is the run folder); the caller removes it if this fails. */
  archive: Omit<ArchiveTarget, 'dir'>;
}

/**
 * Sign and seal the folder and write its archive, reading each file once: the run's files are hashed as they
 * are archived (sorted), then SHA256SUMS, manifest.json and manifest.json.p7s are written to the folder and
 * archived last from the same bytes. The archive therefore holds exactly the bytes the manifest signs; a file
 * that changes while it is read is refused (tar-writer.ts), and one changed on disk afterwards fails verify
 * of the folder, as before.
 */
export async function writeBundleArchive(opts: WriteBundleArchiveOptions): Promise<ArchivedBundle> {
  const listed = await prepareFolder(opts);
  let sealed: ArchivedBundle | undefined;
  await withArchive({ ...opts.archive, dir: opts.dir }, async (tar) => {
    const digests = new Map<string, FileDigest>();
    await tar.addFiles(listed, (path, digest) => digests.set(path, digest));
    const seal = await sealFolder(opts, digests);
    let manifestSha256 = '';
    for (const [path, bytes] of seal.written) {
      const digest = await tar.addBytes(path, bytes);
      if (path === MANIFEST_FILE) manifestSha256 = digest.sha256;
    }
    sealed = { manifestSha256, files: seal.manifest.files.length };
  });
  return sealed!;
}

/** What the caller keeps of a sealed, archived run: not the manifest itself (a run's largest file list). */
export interface ArchivedBundle {
  /** SHA-256 of manifest.json as written and archived (what the run history records). */
  manifestSha256: string;
  /** Files the manifest lists. */
  files: number;
}

/** Sign the PDF report, write signer.pem and VERIFY.md; returns the files to hash (sorted). */
async function prepareFolder(opts: WriteBundleOptions): Promise<string[]> {
  const { dir, signer, signedAt } = opts;
  const pdfPath = join(dir, SIGNED_PDF);
  const pdf = await readFile(pdfPath).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (pdf) await writeFile(pdfPath, await signPdf(pdf, signer, signedAt));
  await writeFile(join(dir, SIGNER_CERT_FILE), signer.chain.map((c) => toPem(c.der)).join(''));

  const before = (await listFiles(dir)).files.filter(
    (p) => !UNLISTED_FILES.includes(p) && p !== VERIFY_FILE && p !== SUMS_FILE,
  );
  const preview = buildManifest({ run: opts.run, signer, createdAt: signedAt, files: new Map() });
  await writeFile(
    join(dir, VERIFY_FILE),
    verifyMarkdown({
      run: preview.run,
      profile: preview.profile,
      signer: preview.signer,
      fileCount: before.length + 2,
      pdfs: before.filter(isSignedPdf).sort(comparePaths),
    }),
  );
  return [...before, VERIFY_FILE].sort(comparePaths);
}

/** `digests` (in path order) with SHA256SUMS in its place: one merge, not a sort of every path again. */
function withSums(digests: ReadonlyMap<string, FileDigest>, sums: FileDigest): Map<string, FileDigest> {
  const files = new Map<string, FileDigest>();
  let previous: string | undefined;
  for (const [path, digest] of digests) {
    if (previous !== undefined && comparePaths(previous, path) >= 0)
      throw new Error(`the files to seal are not in path order: ${previous} before ${path}`);
    if (!files.has(SUMS_FILE) && comparePaths(SUMS_FILE, path) < 0) files.set(SUMS_FILE, sums);
    files.set(path, digest);
    previous = path;
  }
  if (!files.has(SUMS_FILE)) files.set(SUMS_FILE, sums);
  return files;
}

/**
 * Write SHA256SUMS from `digests` (the listed files, in path order), then the manifest and its signature (checked against
 * the signer's certificate before anything is written). Returns the three files' bytes as written.
 */
async function sealFolder(
  opts: WriteBundleOptions,
  digests: Map<string, FileDigest>,
): Promise<{ manifest: BundleManifest; written: [string, Buffer][] }> {
  const { dir, signer, signedAt } = opts;
  const leaf = signer.chain[0]!;
  const sums = Buffer.from(sha256Sums(digests), 'utf8');
  const files = withSums(digests, { size: sums.length, sha256: sha256Hex(sums) });
  digests.clear();
  const manifest = buildManifest({ run: opts.run, signer, createdAt: signedAt, files });
  files.clear();
  const manifestBytes = serializeManifest(manifest);
  const p7s = await signDetachedCms(manifestBytes, { signer, signingTime: signedAt });
  const check = verifyDetachedCms(p7s, manifestBytes);
  if (check.status !== 'valid' || check.signer?.fingerprintSha256 !== leaf.fingerprintSha256) {
    throw new SigningError(
      'SIGNER_KEY_MISMATCH',
      `the manifest signature does not verify (${check.detail || check.status})`,
    );
  }
  const written: [string, Buffer][] = [
    [SUMS_FILE, sums],
    [MANIFEST_FILE, manifestBytes],
    [SIGNATURE_FILE, p7s],
  ];
  for (const [path, bytes] of written) await writeFile(join(dir, path), bytes);
  return { manifest, written };
}
