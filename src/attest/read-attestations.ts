// Read an attestation folder: every `*.attestation.yaml` under it, validated (with file:line:column for a bad
// record), and the document each one names, hashed again so a document changed after attesting is caught. A
// document reached through a symbolic link, outside the folder, or not a regular file is refused
// (attested-document.ts) and never read.

import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, posix, sep } from 'node:path';
import { MAX_INPUT_BYTES, parseYaml } from '../catalog/yaml-source.js';
import { validateWith } from '../catalog/zod-issues.js';
import { formatIssue } from '../core/errors.js';
import { type Attestation, attestationSchema, RECORD_SUFFIX } from './attestation-schema.js';
import { hashDocument, type LocatedDocument, locateDocument } from './attested-document.js';

/** One record file found in the folder. */
export interface FoundAttestation {
  /** The record, relative to the folder (POSIX separators). */
  recordPath: string;
  attestation?: Attestation;
  /** Why the record could not be read (it then has no `attestation`). */
  problem?: string;
  /** The document as found now, when the record could be read. */
  document?: DocumentCheck;
}

export interface DocumentCheck {
  /** Absolute path of the document (its real path once located). */
  path: string;
  /** The document, relative to the folder. */
  relativePath: string;
  present: boolean;
  sha256?: string;
  bytes?: number;
  /** True when the document exists and its SHA-256 and size are the recorded ones. */
  intact: boolean;
  /** Why the document was refused unread (a symbolic link on its path, outside the folder, not a file). */
  refused?: string;
  /** Where it was found, for copying it with the same checks (only when present). */
  located?: LocatedDocument & { ok: true };
}

export interface AttestationFolder {
  dir: string;
  exists: boolean;
  found: FoundAttestation[];
}

/** Read every record under `dir` (a missing folder is not an error: nothing has been attested yet). */
export async function readAttestationFolder(dir: string): Promise<AttestationFolder> {
  let files: string[];
  try {
    files = await recordFiles(dir, '');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { dir, exists: false, found: [] };
    throw err;
  }
  const found: FoundAttestation[] = [];
  for (const rel of files.sort()) found.push(await readRecord(dir, rel));
  return { dir, exists: true, found };
}

/** Read and check one record, `rel` being its path inside `dir`. */
export async function readRecord(dir: string, rel: string): Promise<FoundAttestation> {
  const recordPath = rel.split(sep).join('/');
  const abs = join(dir, rel);
  const info = await lstat(abs);
  if (info.size > MAX_INPUT_BYTES)
    return { recordPath, problem: `record is larger than ${MAX_INPUT_BYTES} bytes` };
  const { source, issues } = parseYaml(recordPath, await readFile(abs, 'utf8'));
  if (issues.length) return { recordPath, problem: issues.map(formatIssue).join('; ') };
  const checked = validateWith(attestationSchema, source.doc.toJS(), source);
  if (!checked.ok) {
    return {
      recordPath,
      problem: checked.issues
        .map((i) => formatIssue(i).replace('docs/catalog.md', 'docs/evidence-sources.md'))
        .join('; '),
    };
  }
  const attestation = checked.data;
  const relativePath = posix.join(posix.dirname(recordPath), attestation.file);
  return { recordPath, attestation, document: await checkDocument(dir, relativePath, attestation) };
}

async function checkDocument(dir: string, relativePath: string, a: Attestation): Promise<DocumentCheck> {
  const path = join(dir, relativePath);
  const absent = { path, relativePath, present: false, intact: false };
  let located: LocatedDocument;
  try {
    located = await locateDocument(dir, relativePath);
  } catch (err) {
    return { ...absent, refused: `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
  if (!located.ok) return located.missing ? absent : { ...absent, refused: located.reason };
  let sha256: string;
  let bytes: number;
  try {
    ({ sha256, bytes } = await hashDocument(located));
  } catch (err) {
    return { ...absent, refused: `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
  return {
    path: located.path,
    relativePath,
    present: true,
    sha256,
    bytes,
    intact: sha256 === a.sha256 && bytes === a.bytes,
    located,
  };
}

/** Record files under `dir`, not following symbolic links. */
async function recordFiles(dir: string, rel: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(join(dir, rel), { withFileTypes: true })) {
    const path = rel ? join(rel, e.name) : e.name;
    if (e.isDirectory()) out.push(...(await recordFiles(dir, path)));
    else if (e.isFile() && e.name.endsWith(RECORD_SUFFIX)) out.push(path);
  }
  return out;
}
