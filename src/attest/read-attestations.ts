// Read an attestation folder: every `*.attestation.yaml` under it, validated (with file:line:column for a bad
// record), and the document each one names, hashed again so a document changed after attesting is caught.

import { lstat, readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { MAX_INPUT_BYTES, parseYaml } from '../catalog/yaml-source.js';
import { validateWith } from '../catalog/zod-issues.js';
import { formatIssue } from '../core/errors.js';
import { type Attestation, attestationSchema, RECORD_SUFFIX } from './attestation-schema.js';
import { hashFile } from './hash-file.js';

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
  /** Absolute path of the document. */
  path: string;
  /** The document, relative to the folder. */
  relativePath: string;
  present: boolean;
  sha256?: string;
  bytes?: number;
  /** True when the document exists and its SHA-256 and size are the recorded ones. */
  intact: boolean;
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
  const docAbs = join(dirname(abs), attestation.file);
  return { recordPath, attestation, document: await checkDocument(dir, docAbs, attestation) };
}

async function checkDocument(dir: string, path: string, a: Attestation): Promise<DocumentCheck> {
  const relativePath = relative(dir, path).split(sep).join('/');
  try {
    const info = await lstat(path);
    if (!info.isFile()) return { path, relativePath, present: false, intact: false };
  } catch {
    return { path, relativePath, present: false, intact: false };
  }
  const { sha256, bytes } = await hashFile(path);
  return {
    path,
    relativePath,
    present: true,
    sha256,
    bytes,
    intact: sha256 === a.sha256 && bytes === a.bytes,
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
