// What verify reads from a bundle, the same way for an unpacked folder and for a .tar.gz, in two passes so
// nothing is held whole: first the manifest, its signature and signer.pem (each under a cap); then every
// other file is hashed as a stream against the size the manifest gives it. A file larger than its signed
// size is not hashed at all, an unlisted one only counted, and each PDF under reports/ has its embedded
// signature checked while it streams past.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { comparePaths, type FileDigest, listFiles } from '../manifest/list-files.js';
import { MANIFEST_FILE, parseManifest, SIGNATURE_FILE, SIGNER_CERT_FILE } from '../manifest/manifest.js';
import { type PdfSignatureCheck, PdfSignatureScanner } from '../pdf/verify-pdf-signature.js';
import { ArchiveError, type EntrySink, readArchive } from './read-archive.js';

/** Largest manifest read (a million files is about 150 MiB of JSON; runs list tens of thousands). */
export const MANIFEST_CAP = 64 * 1024 * 1024;
/** Largest signature or signer.pem read. */
export const SMALL_FILE_CAP = 1024 * 1024;

/** A file whose bytes verify inspects, with its cap. */
const INSPECTED: ReadonlyMap<string, number> = new Map([
  [MANIFEST_FILE, MANIFEST_CAP],
  [SIGNATURE_FILE, SMALL_FILE_CAP],
  [SIGNER_CERT_FILE, SMALL_FILE_CAP],
]);

/** PDFs whose embedded signature verify checks. */
export function isSignedPdf(path: string): boolean {
  return /^reports\/.+\.pdf$/i.test(path);
}

/** A problem with the package as a container, found while reading it. */
export interface ContentsProblem {
  kind: 'modified' | 'extra' | 'bad-manifest' | 'bad-archive';
  path: string;
  message: string;
}

export interface BundleContents {
  /** What was read (for messages). */
  label: string;
  /** Regular files by path relative to the bundle root; `sha256` is empty when the file was not hashed. */
  files: Map<string, FileDigest>;
  /** Entries that are not regular files, or lie outside the bundle's folder. */
  irregular: string[];
  /** Caps exceeded, files changing while read. */
  problems: ContentsProblem[];
  /** The manifest, its signature and signer.pem (undefined when absent or over their cap). */
  read(path: string): Promise<Buffer | undefined>;
  /** The embedded-signature check of each PDF under reports/ that was read. */
  pdfs: Map<string, PdfSignatureCheck>;
}

/** Sizes the manifest signs, by path; undefined when there is no readable manifest (nothing is hashed). */
function signedSizes(manifest: Buffer | undefined): Map<string, number> | undefined {
  if (!manifest) return undefined;
  try {
    return new Map(parseManifest(manifest).files.map((f) => [f.path, f.size]));
  } catch {
    return undefined;
  }
}

/** Hashes one file's bytes (and checks a PDF's signature) as they stream. */
class FileHasher {
  private readonly hash = createHash('sha256');
  private readonly pdf: PdfSignatureScanner | undefined;
  size = 0;
  constructor(path: string) {
    this.pdf = isSignedPdf(path) ? new PdfSignatureScanner() : undefined;
  }
  update(chunk: Buffer): void {
    this.hash.update(chunk);
    this.pdf?.update(chunk);
    this.size += chunk.length;
  }
  finish(): { digest: FileDigest; pdf?: PdfSignatureCheck } {
    return {
      digest: { size: this.size, sha256: this.hash.digest('hex') },
      ...(this.pdf ? { pdf: this.pdf.finish() } : {}),
    };
  }
}

function overCap(path: string, size: number, cap: number): ContentsProblem {
  return {
    kind: path === MANIFEST_FILE ? 'bad-manifest' : 'modified',
    path,
    message: `${size} bytes, over the ${cap}-byte cap for this file: not read`,
  };
}

/** Read an unpacked bundle folder. */
export async function folderContents(dir: string): Promise<BundleContents> {
  const problems: ContentsProblem[] = [];
  const kept = new Map<string, Buffer>();
  for (const [path, cap] of INSPECTED) {
    const info = await lstat(join(dir, path)).catch(() => undefined);
    if (!info?.isFile()) continue; // missing, or irregular: the listing reports it
    if (info.size > cap) problems.push(overCap(path, info.size, cap));
    else kept.set(path, await readFile(join(dir, path)));
  }
  const sizes = signedSizes(kept.get(MANIFEST_FILE));
  const listing = await listFiles(dir);
  const files = new Map<string, FileDigest>();
  const pdfs = new Map<string, PdfSignatureCheck>();
  const limit = pLimit(4);
  await Promise.all(
    listing.files.map((path) =>
      limit(async () => {
        const full = join(dir, path);
        const signed = sizes?.get(path);
        const size = (await lstat(full)).size;
        if (signed === undefined || size > signed) {
          files.set(path, { size, sha256: '' });
          return;
        }
        const hasher = new FileHasher(path);
        // Read at most one byte past the signed size: a file that grows while read is not hashed further.
        for await (const chunk of createReadStream(full, { end: signed, highWaterMark: 1 << 20 }))
          hasher.update(chunk as Buffer);
        const { digest, pdf } = hasher.finish();
        files.set(path, digest.size > signed ? { size: digest.size, sha256: '' } : digest);
        if (pdf && digest.size <= signed) pdfs.set(path, pdf);
      }),
    ),
  );
  return {
    label: dir,
    files: new Map([...files].sort(([a], [b]) => comparePaths(a, b))),
    irregular: listing.irregular,
    problems,
    read: async (path) => kept.get(path),
    pdfs,
  };
}

/**
 * Read a .tar.gz (or .tar) bundle as a stream, without unpacking it: one top-level folder, one gzip member,
 * nothing after the end-of-archive marker. Throws ArchiveError when the archive itself is refused.
 */
export async function archiveContents(file: string): Promise<BundleContents> {
  const gzip = !/\.tar$/i.test(file);
  const problems: ContentsProblem[] = [];
  let root: string | undefined;
  /** The path inside the bundle, or undefined for an entry outside its one folder. */
  const relative = (stored: string): { raw: string; rel?: string } => {
    const raw = stored.replace(/\/+$/, '');
    const slash = raw.indexOf('/');
    const top = slash === -1 ? raw : raw.slice(0, slash);
    root ??= top;
    const outside = top !== root || raw.startsWith('/') || raw.split('/').includes('..');
    return outside ? { raw } : { raw, rel: slash === -1 ? '' : raw.slice(slash + 1) };
  };

  // Pass 1: the manifest and its signature only, stopping once both are read (a bomb placed after them costs
  // this pass nothing). signer.pem is kept in pass 2.
  const kept = new Map<string, Buffer>();
  const firstPass = [MANIFEST_FILE, SIGNATURE_FILE];
  await readArchive(
    file,
    (entry): EntrySink => {
      const { rel } = relative(entry.path);
      const cap = rel === undefined || !firstPass.includes(rel) ? undefined : INSPECTED.get(rel);
      if (rel === undefined || cap === undefined || entry.type !== 'File' || kept.has(rel)) return undefined;
      if (entry.size > cap) {
        problems.push(overCap(rel, entry.size, cap));
        return undefined;
      }
      const parts: Buffer[] = [];
      return { data: (c) => parts.push(Buffer.from(c)), end: () => kept.set(rel, Buffer.concat(parts)) };
    },
    { gzip, stop: () => firstPass.every((p) => kept.has(p)) },
  );
  const sizes = signedSizes(kept.get(MANIFEST_FILE));

  // Pass 2: every entry, hashed against its signed size.
  root = undefined;
  const files = new Map<string, FileDigest>();
  const irregular: string[] = [];
  const pdfs = new Map<string, PdfSignatureCheck>();
  /** Directory entries: GNU tar replaces a file of the same path with the directory. */
  const directories = new Set<string>();
  await readArchive(
    file,
    (entry): EntrySink => {
      const { raw, rel } = relative(entry.path);
      if (rel !== undefined && entry.type === 'Directory') {
        directories.add(rel);
        return undefined;
      }
      if (rel === undefined || rel === '' || (entry.type !== 'File' && entry.type !== 'OldFile')) {
        irregular.push(rel ? rel : raw);
        return undefined;
      }
      if (files.has(rel)) {
        irregular.push(`${rel} (appears twice in the archive)`);
        return undefined;
      }
      if (rel === SIGNER_CERT_FILE && entry.size > SMALL_FILE_CAP)
        problems.push(overCap(rel, entry.size, SMALL_FILE_CAP));
      const signed = sizes?.get(rel);
      if (signed === undefined || entry.size > signed) {
        // Unlisted, or larger than signed: counted, never hashed (so a bomb costs no hashing).
        files.set(rel, { size: entry.size, sha256: '' });
        return undefined;
      }
      const hasher = new FileHasher(rel);
      const keep = rel === SIGNER_CERT_FILE && entry.size <= SMALL_FILE_CAP ? ([] as Buffer[]) : undefined;
      return {
        data: (c) => {
          hasher.update(c);
          keep?.push(Buffer.from(c));
        },
        end: () => {
          if (keep) kept.set(rel, Buffer.concat(keep));
          const { digest, pdf } = hasher.finish();
          files.set(rel, digest);
          if (pdf) pdfs.set(rel, pdf);
          const first = kept.get(rel);
          if (first && createHash('sha256').update(first).digest('hex') !== digest.sha256)
            problems.push({ kind: 'modified', path: rel, message: 'the archive changed while it was read' });
        },
      };
    },
    { gzip },
  );
  for (const dir of directories)
    if (files.has(dir)) irregular.push(`${dir} (also a directory entry, which tar unpacks over the file)`);
  return {
    label: `${file}${root ? ` (${root}/)` : ''}`,
    files: new Map([...files].sort(([a], [b]) => comparePaths(a, b))),
    irregular: irregular.sort(comparePaths),
    problems,
    read: async (path) => kept.get(path),
    pdfs,
  };
}

export { ArchiveError };
