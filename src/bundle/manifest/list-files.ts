// Every file under a folder, as sorted POSIX paths relative to it, hashed with SHA-256 as a stream.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';

export interface FileDigest {
  size: number;
  /** Lower-case hex SHA-256 of the bytes. */
  sha256: string;
}

export interface FolderListing {
  /** Regular files, sorted by path (POSIX separators). */
  files: string[];
  /** Entries that are neither regular files nor folders (symbolic links, sockets…), sorted. */
  irregular: string[];
}

/** Walk `dir` without following symbolic links. */
export async function listFiles(dir: string): Promise<FolderListing> {
  const files: string[] = [];
  const irregular: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(join(dir, rel), { withFileTypes: true });
    for (const e of entries) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(path);
      else if (e.isFile()) files.push(path);
      else irregular.push(path);
    }
  };
  await walk('');
  files.sort(comparePaths);
  irregular.sort(comparePaths);
  return { files, irregular };
}

/** Byte-wise order of paths, the same on every platform and locale. */
export function comparePaths(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Size and SHA-256 of one file, streamed. */
export async function hashFile(path: string): Promise<FileDigest> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { size, sha256: hash.digest('hex') };
}

/** Hash many files of `dir`, a few at a time. */
export async function hashFiles(
  dir: string,
  paths: readonly string[],
  concurrency = 8,
): Promise<Map<string, FileDigest>> {
  const limit = pLimit(concurrency);
  const digests = await Promise.all(paths.map((p) => limit(() => hashFile(join(dir, p)))));
  return new Map(paths.map((p, i) => [p, digests[i]!]));
}
