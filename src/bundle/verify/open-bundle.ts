// Verify a bundle folder or archive by path: the one entry point of `evidentia verify` and the daemon's
// verify route. An archive refused as a whole (ArchiveError) becomes a failed report, not an exception.

import { stat } from 'node:fs/promises';
import type { ParsedCertificate } from '../x509/certificate.js';
import { ArchiveError, archiveContents, folderContents } from './bundle-contents.js';
import { refusedArchiveReport, type VerifyReport, verifyBundle } from './verify-bundle.js';

/** True for the names verify reads as archives. */
export function isArchiveName(path: string): boolean {
  return /\.(tar\.gz|tgz|tar)$/i.test(path);
}

/** Verify `path` (a folder, or a .tar.gz/.tgz/.tar archive) against `trust`. */
export async function openBundle(
  path: string,
  opts: { trust?: readonly ParsedCertificate[]; now?: Date } = {},
): Promise<VerifyReport> {
  const info = await stat(path);
  if (info.isDirectory()) return verifyBundle(await folderContents(path), opts);
  try {
    return await verifyBundle(await archiveContents(path), opts);
  } catch (err) {
    if (err instanceof ArchiveError)
      return refusedArchiveReport(path, `the archive is refused: ${err.message}`, opts.trust?.length ?? 0);
    throw err;
  }
}
