// Record an attestation: copy the document into the attestation folder and write its record beside it
// (layout in attestation-layout.ts), refusing to overwrite anything already there.

import { constants } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { stringify } from 'yaml';
import { controlSlug, mediaTypeOf, safeFileName } from './attestation-layout.js';
import { ATTESTATION_TYPE, type Attestation, RECORD_SUFFIX } from './attestation-schema.js';
import { hashFile } from './hash-file.js';

export interface NewAttestation {
  /** The attestation folder. */
  dir: string;
  frameworkId: string;
  controlId: string;
  /** What the control asks for (the manual evidence title). */
  title?: string;
  /** The document to attest, anywhere on disk. */
  file: string;
  owner: string;
  attestedAt: Date;
  validDays: number;
  note?: string;
}

export interface RecordedAttestation {
  attestation: Attestation;
  /** Record and document, relative to the attestation folder (POSIX separators). */
  recordPath: string;
  documentPath: string;
}

/** Copy the document, hash it, and write the record. */
export async function recordAttestation(input: NewAttestation): Promise<RecordedAttestation> {
  const folder = join(input.dir, input.frameworkId, controlSlug(input.controlId));
  await mkdir(folder, { recursive: true });
  const day = input.attestedAt.toISOString().slice(0, 10);
  const stem = `${day}-${safeFileName(basename(input.file))}`;
  const source = await hashFile(input.file);

  let name = stem;
  for (let n = 2; ; n++) {
    try {
      await copyFile(input.file, join(folder, name), constants.COPYFILE_EXCL);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || n > 99) throw err;
      name = withSuffix(stem, n);
    }
  }
  const copied = await hashFile(join(folder, name));
  if (copied.sha256 !== source.sha256)
    throw new Error(`the document changed while it was copied: ${input.file}`);

  const expires = new Date(input.attestedAt.getTime() + input.validDays * 86_400_000);
  const attestation: Attestation = {
    type: ATTESTATION_TYPE,
    framework: input.frameworkId,
    control: input.controlId,
    ...(input.title ? { title: input.title } : {}),
    file: name,
    sha256: copied.sha256,
    bytes: copied.bytes,
    mediaType: mediaTypeOf(name),
    owner: input.owner,
    attestedAt: input.attestedAt.toISOString(),
    validDays: input.validDays,
    expiresAt: expires.toISOString(),
    ...(input.note ? { note: input.note } : {}),
  };
  const record = join(folder, `${name}${RECORD_SUFFIX}`);
  const header =
    '# Attestation recorded by `evidentia attest` (format: docs/evidence-sources.md). Keep it in version control\n' +
    '# with the document beside it; changing either after the fact is detected by its SHA-256.\n';
  await writeFile(record, header + stringify(attestation, { lineWidth: 0 }), { flag: 'wx' });
  return {
    attestation,
    recordPath: relative(input.dir, record).split(sep).join('/'),
    documentPath: relative(input.dir, join(folder, name)).split(sep).join('/'),
  };
}

function withSuffix(stem: string, n: number): string {
  const dot = stem.lastIndexOf('.');
  return dot > 11 ? `${stem.slice(0, dot)}-${n}${stem.slice(dot)}` : `${stem}-${n}`;
}
