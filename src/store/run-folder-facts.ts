// What the run store reads from a finished run folder: the digest of its results (streamed from
// findings.jsonl), the bundle archive next to the folder, and the SHA-256 of the signed manifest.

import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { openRun } from './results-file.js';
import { digestResults, type RunDigest } from './run-digest.js';

export interface RunFolderFacts {
  digest: RunDigest;
  archive?: string;
  manifestSha256?: string;
}

/** Read the facts of a finished run folder (`<out>/<profile>/<run-id>`). */
export async function readRunFolderFacts(dir: string): Promise<RunFolderFacts> {
  const facts: RunFolderFacts = { digest: await digestResults(await openRun(dir)) };
  const archive = `${dir}.tar.gz`;
  if (await isFile(archive)) facts.archive = archive;
  const manifest = await readFile(join(dir, 'manifest.json')).catch(() => undefined);
  if (manifest) facts.manifestSha256 = createHash('sha256').update(manifest).digest('hex');
  return facts;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}
