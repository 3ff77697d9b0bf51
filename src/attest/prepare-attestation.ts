// Check an `evidentia attest` request against the catalogue before anything is written: the framework and
// control exist, the control asks for manual evidence, the document is a readable file, the owner an e-mail,
// the validity and date sensible. Every problem is an InputError (exit code 2).

import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Framework, ManualEvidence } from '../catalog/types.js';
import { InputError, NotFoundError } from '../core/errors.js';
import type { NewAttestation } from './record-attestation.js';

/** Largest document accepted (attestations travel in every bundle). */
export const MAX_ATTESTED_BYTES = 100 * 1024 * 1024;

export interface AttestRequest {
  /** `<framework>:<control>`, e.g. `hipaa-security:164.308(a)(5)(i)`. */
  target: string;
  file: string;
  owner: string;
  note?: string;
  validDays?: string;
  /** When the document was signed off (ISO date or time); default now. */
  date?: string;
}

/** Validate the request; resolves with what to record, or throws InputError / NotFoundError. */
export async function prepareAttestation(
  request: AttestRequest,
  frameworks: ReadonlyMap<string, Framework>,
  dir: string,
  now: Date,
): Promise<NewAttestation> {
  const colon = request.target.indexOf(':');
  if (colon <= 0 || colon === request.target.length - 1) {
    throw bad(
      '<framework>:<control>',
      `expected <framework>:<control> such as hipaa-security:164.308(a)(5)(i), got '${request.target}'`,
    );
  }
  const frameworkId = request.target.slice(0, colon);
  const controlId = request.target.slice(colon + 1);
  const framework = frameworks.get(frameworkId);
  if (!framework) throw new NotFoundError('framework', frameworkId, [...frameworks.keys()].sort());
  const control = framework.controls.find((c) => c.id === controlId);
  if (!control) {
    const near = framework.controls
      .map((c) => c.id)
      .filter((id) => id.toLowerCase().startsWith(controlId.slice(0, 4).toLowerCase()))
      .slice(0, 8);
    throw bad(
      '<framework>:<control>',
      `framework '${frameworkId}' has no control '${controlId}'${near.length ? ` (similar: ${near.join(', ')})` : ''}`,
    );
  }
  const manual = control.evidence.filter((e): e is ManualEvidence => e.kind === 'manual');
  if (manual.length === 0) {
    throw bad(
      '<framework>:<control>',
      `control '${controlId}' of '${frameworkId}' asks for no manual evidence (kind: manual), so an attestation would never be read`,
    );
  }

  const file = resolve(request.file);
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw bad('--file', `not a regular file: ${request.file}`);
    size = info.size;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw bad('--file', `cannot read ${request.file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  if (size === 0) throw bad('--file', `${request.file} is empty`);
  if (size > MAX_ATTESTED_BYTES)
    throw bad('--file', `${request.file} is larger than ${MAX_ATTESTED_BYTES} bytes`);

  const owner = request.owner.trim();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(owner)) {
    throw bad('--owner', `expected the e-mail address of the person attesting, got '${request.owner}'`);
  }

  const maxAge = Math.min(...manual.map((m) => m.maxAgeDays));
  let validDays = maxAge;
  if (request.validDays !== undefined) {
    if (
      !/^\d+$/.test(request.validDays) ||
      Number(request.validDays) < 1 ||
      Number(request.validDays) > 3650
    ) {
      throw bad('--valid-days', `expected a whole number of days from 1 to 3650, got '${request.validDays}'`);
    }
    validDays = Number(request.validDays);
  }

  let attestedAt = now;
  if (request.date !== undefined) {
    const t = /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(request.date) ? Date.parse(request.date) : Number.NaN;
    if (Number.isNaN(t))
      throw bad('--date', `expected an ISO date such as 2026-10-15, got '${request.date}'`);
    if (t > now.getTime()) throw bad('--date', `the attestation date ${request.date} is in the future`);
    attestedAt = new Date(t);
  }

  const note = request.note?.trim();
  if (note && note.length > 2000) throw bad('--note', 'the note is longer than 2000 characters');
  return {
    dir,
    frameworkId,
    controlId,
    title: manual.map((m) => m.title).join('; '),
    file,
    owner,
    attestedAt,
    validDays,
    ...(note ? { note } : {}),
  };
}

function bad(field: string, message: string): InputError {
  return InputError.forFile(field, message);
}
