// What verify reads from a bundle, the same way for an unpacked folder and for a .tar.gz: every regular
// file's size and SHA-256, entries that are not regular files, and the bytes of the few files it inspects.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Parser, type ReadEntry } from 'tar';
import { comparePaths, type FileDigest, hashFiles, listFiles } from '../manifest/list-files.js';

export interface BundleContents {
  /** What was read (for messages). */
  label: string;
  /** Regular files by path relative to the bundle root. */
  files: Map<string, FileDigest>;
  /** Entries that are not regular files, or lie outside the bundle's folder. */
  irregular: string[];
  /** Bytes of one file (only the files named in `keep` for an archive). */
  read(path: string): Promise<Buffer | undefined>;
}

/** Read an unpacked bundle folder. */
export async function folderContents(dir: string): Promise<BundleContents> {
  const listing = await listFiles(dir);
  const files = await hashFiles(dir, listing.files);
  return {
    label: dir,
    files,
    irregular: listing.irregular,
    read: async (path) => (files.has(path) ? readFile(join(dir, path)) : undefined),
  };
}

/**
 * Read a .tar.gz (or .tar) bundle as a stream, without unpacking it: the archive must hold one top-level
 * folder; `keep` names the files whose bytes are kept in memory for inspection.
 */
export async function archiveContents(
  file: string,
  keep: (path: string) => boolean,
): Promise<BundleContents> {
  const files = new Map<string, FileDigest>();
  const kept = new Map<string, Buffer>();
  const irregular: string[] = [];
  let root: string | undefined;
  const pending: Promise<void>[] = [];
  const parser = new Parser({
    strict: true,
    onReadEntry: (entry: ReadEntry) => {
      const raw = entry.path.replace(/\/+$/, '');
      const slash = raw.indexOf('/');
      const top = slash === -1 ? raw : raw.slice(0, slash);
      const rel = slash === -1 ? '' : raw.slice(slash + 1);
      root ??= top;
      const outside = top !== root || raw.startsWith('/') || raw.split('/').includes('..');
      if (entry.type === 'Directory' && !outside) {
        entry.resume();
        return;
      }
      if (outside || (entry.type !== 'File' && entry.type !== 'OldFile') || rel === '') {
        irregular.push(outside || rel === '' ? raw : rel);
        entry.resume();
        return;
      }
      const hash = createHash('sha256');
      const chunks: Buffer[] = [];
      const wanted = keep(rel);
      let size = 0;
      entry.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        size += chunk.length;
        if (wanted) chunks.push(chunk);
      });
      pending.push(
        new Promise<void>((resolve) => {
          entry.on('end', () => {
            if (files.has(rel)) irregular.push(`${rel} (appears twice in the archive)`);
            files.set(rel, { size, sha256: hash.digest('hex') });
            if (wanted) kept.set(rel, Buffer.concat(chunks));
            resolve();
          });
        }),
      );
    },
  });
  await pipeline(createReadStream(file), parser);
  await Promise.all(pending);
  const sorted = new Map([...files].sort(([a], [b]) => comparePaths(a, b)));
  return {
    label: `${file}${root ? ` (${root}/)` : ''}`,
    files: sorted,
    irregular: irregular.sort(comparePaths),
    read: async (path) => kept.get(path),
  };
}
