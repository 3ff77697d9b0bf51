// Verdicts on procedural controls from manual attestations, from the records collect/attestations writes:
//   ListAttestations  — the folder and the records in it (and those that could not be read)
//   ReadAttestation   — one record for a control of the plan, with its document hashed again
// No attestation: MANUAL "awaiting attestation" naming the owner to chase. A current one (its own expiry and
// the control's maxAgeDays both still ahead, its document unchanged): PASS. Otherwise FAIL: expired, dated in
// the future, or its document missing or changed since it was attested. An unreadable folder: ERROR.

import type { EvidenceRecord } from '../../core/evidence-record.js';
import type { QueryResult } from '../../core/finding.js';
import type { Status } from '../../core/status.js';
import type { AttestationItem, AttestationsTask } from '../../plan/types.js';
import { arrayMember, byOperation, describeError, firstError, member } from '../records.js';
import type { EvaluationContext } from '../types.js';
import { verdict } from '../verdict.js';

const DAY_MS = 86_400_000;

/** An attestation as stored in a ReadAttestation record. */
interface StoredAttestation {
  framework?: string;
  control?: string;
  file?: string;
  sha256?: string;
  owner?: string;
  attestedAt?: string;
  expiresAt?: string;
  validDays?: number;
  note?: string;
}

interface StoredDocument {
  path?: string;
  present?: boolean;
  intact?: boolean;
  /** Why the collector refused to read the document (a symbolic link, outside the folder, not a file). */
  refused?: string;
  /** Why an intact-looking document could not be copied into the run. */
  copyProblem?: string;
}

interface Candidate {
  record: EvidenceRecord;
  attestation: StoredAttestation;
  document: StoredDocument;
  attestedAt: number;
  /** The earlier of the record's own expiry and attestedAt + the control's maxAgeDays. */
  expiresAt: number;
  problem?: string;
}

/** Evaluate every manual item of an `attestations` task. */
export function evaluateAttestations(
  task: AttestationsTask,
  records: readonly EvidenceRecord[],
  ctx: EvaluationContext,
): QueryResult[] {
  const result = (
    item: AttestationItem,
    status: Status,
    reason: string,
    evidence: readonly EvidenceRecord[],
  ) => verdict(`manual:${item.frameworkId}:${item.controlId}`, task, status, reason, evidence);

  const listing = byOperation(records, 'ListAttestations');
  const listError = firstError(listing);
  if (listError) {
    return task.items.map((item) =>
      result(item, 'ERROR', `Could not read the attestation folder: ${describeError(listError)}`, [
        listError,
      ]),
    );
  }
  if (listing.length === 0) {
    return task.items.map((item) => result(item, 'ERROR', 'No attestation folder listing was recorded', []));
  }
  const unreadable = listing.flatMap((r) => arrayMember(r.response, 'unreadable')).length;
  const unreadableNote = unreadable
    ? ` (note: ${unreadable} attestation record${unreadable === 1 ? '' : 's'} in the folder could not be read; see the ListAttestations evidence)`
    : '';
  const now = ctx.clock.now().getTime();
  const reads = byOperation(records, 'ReadAttestation');

  return task.items.map((item) => {
    const contact = item.ownerContact ?? item.owner;
    const candidates = reads
      .map((record) => candidate(record, item))
      .filter((c): c is Candidate => c !== undefined)
      .map((c) => ({ ...c, problem: c.problem ?? problemOf(c, now) }));
    if (candidates.length === 0) {
      return result(
        item,
        'MANUAL',
        `Awaiting attestation: ${item.title} (owner: ${contact})${unreadableNote}`,
        listing,
      );
    }
    const current = candidates
      .filter((c) => c.problem === undefined)
      .sort((a, b) => b.expiresAt - a.expiresAt)[0];
    if (current) {
      const a = current.attestation;
      return result(
        item,
        'PASS',
        `Attested by ${a.owner} on ${day(current.attestedAt)} with ${a.file} (SHA-256 ${(a.sha256 ?? '').slice(0, 16)}…), current until ${day(current.expiresAt)}${a.note ? `: ${a.note}` : ''}`,
        [...listing, current.record],
      );
    }
    const latest = candidates.sort((a, b) => b.attestedAt - a.attestedAt)[0] as Candidate;
    return result(
      item,
      'FAIL',
      `The latest attestation (${latest.attestation.file}, by ${latest.attestation.owner} on ${day(latest.attestedAt)}) ${latest.problem}; ${contact} must attest again: ${item.title}`,
      [...listing, latest.record],
    );
  });

  function candidate(record: EvidenceRecord, item: AttestationItem): Candidate | undefined {
    const attestation = member(record.response, 'attestation') as StoredAttestation | undefined;
    if (!attestation || attestation.framework !== item.frameworkId || attestation.control !== item.controlId)
      return undefined;
    const document = (member(record.response, 'document') ?? {}) as StoredDocument;
    const attestedAt = Date.parse(attestation.attestedAt ?? '');
    const ownExpiry = Date.parse(attestation.expiresAt ?? '');
    if (Number.isNaN(attestedAt) || Number.isNaN(ownExpiry)) {
      return { record, attestation, document, attestedAt: 0, expiresAt: 0, problem: 'has no readable dates' };
    }
    return {
      record,
      attestation,
      document,
      attestedAt,
      expiresAt: Math.min(ownExpiry, attestedAt + item.maxAgeDays * DAY_MS),
    };
  }
}

/** Why a well-formed attestation does not count now, or undefined when it does. */
function problemOf(c: Candidate, now: number): string | undefined {
  if (c.document.refused !== undefined)
    return `cannot be trusted: its document ${c.document.path ?? ''} was refused: ${c.document.refused}`;
  if (c.document.present !== true)
    return `cannot be trusted: its document ${c.document.path ?? ''} is missing`;
  if (c.document.intact !== true) {
    return c.document.copyProblem !== undefined
      ? `cannot be trusted: its document ${c.document.path ?? ''} was not copied into the package: ${c.document.copyProblem}`
      : `cannot be trusted: its document ${c.document.path ?? ''} has changed since it was attested (SHA-256 differs)`;
  }
  if (c.attestedAt > now) return `is dated in the future (${day(c.attestedAt)})`;
  if (now >= c.expiresAt) return `expired on ${day(c.expiresAt)}`;
  return undefined;
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
