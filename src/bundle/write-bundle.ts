// Turn a rendered run folder into a signed bundle in place: sign the PDF report, write the signer's
// certificate, VERIFY.md and SHA256SUMS, then manifest.json (every file, hashed) and its detached signature.

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunMetadata } from '../core/run-result.js';
import { signDetachedCms } from './cms/sign-cms.js';
import { verifyDetachedCms } from './cms/verify-cms.js';
import { comparePaths, hashFile, hashFiles, listFiles } from './manifest/list-files.js';
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
  const leaf = signer.chain[0]!;
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
  const listed = [...before, VERIFY_FILE].sort(comparePaths);
  const digests = await hashFiles(dir, listed);
  await writeFile(join(dir, SUMS_FILE), sha256Sums(digests));
  digests.set(SUMS_FILE, await hashFile(join(dir, SUMS_FILE)));
  const files = new Map([...digests].sort(([a], [b]) => comparePaths(a, b)));

  const manifest = buildManifest({ run: opts.run, signer, createdAt: signedAt, files });
  const manifestBytes = serializeManifest(manifest);
  const p7s = await signDetachedCms(manifestBytes, { signer, signingTime: signedAt });
  const check = verifyDetachedCms(p7s, manifestBytes);
  if (check.status !== 'valid' || check.signer?.fingerprintSha256 !== leaf.fingerprintSha256) {
    throw new SigningError(
      'SIGNER_KEY_MISMATCH',
      `the manifest signature does not verify (${check.detail || check.status})`,
    );
  }
  await writeFile(join(dir, MANIFEST_FILE), manifestBytes);
  await writeFile(join(dir, SIGNATURE_FILE), p7s);
  const all = (await listFiles(dir)).files;
  return { manifest, files: all };
}
