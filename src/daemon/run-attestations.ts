// Manual attestations of a finished run, for the web page and notifications: which are awaiting whom, and
// which current ones expire soon. Read from the run folder (plan.json names the owners, the manual findings in
// findings.jsonl the verdicts, the ReadAttestation evidence records their dates). Streams the findings once
// per call: seconds for a large organisation.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EvidenceRecord } from '../core/evidence-record.js';
import type { Finding } from '../core/finding.js';
import type { RunSummary } from '../core/run-result.js';
import type { Status } from '../core/status.js';
import type { Plan } from '../plan/types.js';
import { openRun } from '../store/results-file.js';
import { insideRoot } from './safe-path.js';

export interface AttestationState {
  frameworkId: string;
  controlId: string;
  /** What must be attested. */
  title: string;
  /** The role the framework names, e.g. `security-officer`. */
  owner: string;
  /** Who the profile maps that role to, e.g. an e-mail address. */
  ownerContact?: string;
  maxAgeDays: number;
  /** MANUAL: awaiting; PASS: a current attestation; FAIL: expired; ERROR: could not be read. */
  status: Status;
  reason: string;
  /** When the attestation the verdict rests on stops counting (from its ReadAttestation record). */
  expiresAt?: string;
}

/** Every attestation the run asked for, in plan order. */
export async function readRunAttestations(dir: string): Promise<AttestationState[]> {
  const plan = JSON.parse(await readFile(join(dir, 'plan.json'), 'utf8')) as Pick<Plan, 'tasks'>;
  const results = await openRun(dir);
  const manual = new Map<string, Finding>();
  for await (const f of results.findings) {
    if (f.kind === 'manual') manual.set(`${f.frameworkId}\u0000${f.controlId}`, f);
  }
  const out: AttestationState[] = [];
  for (const task of plan.tasks) {
    if (task.kind !== 'attestations') continue;
    for (const item of task.items) {
      const finding = manual.get(`${item.frameworkId}\u0000${item.controlId}`);
      const state: AttestationState = {
        frameworkId: item.frameworkId,
        controlId: item.controlId,
        title: item.title,
        owner: item.owner,
        ...(item.ownerContact ? { ownerContact: item.ownerContact } : {}),
        maxAgeDays: item.maxAgeDays,
        status: finding?.status ?? 'NOT_EVALUATED',
        reason: finding?.reason ?? 'No verdict was recorded for this attestation',
      };
      const expiresAt = finding ? await expiryOf(dir, results, finding, item.maxAgeDays) : undefined;
      if (expiresAt) state.expiresAt = expiresAt;
      out.push(state);
    }
  }
  return out;
}

/** Current attestations whose validity ends within `days` of `now`. */
export function expiringSoon(
  states: readonly AttestationState[],
  now: Date,
  days: number,
): AttestationState[] {
  const limit = now.getTime() + days * 24 * 60 * 60 * 1000;
  return states.filter((s) => {
    if (s.status !== 'PASS' || !s.expiresAt) return false;
    const t = Date.parse(s.expiresAt);
    return Number.isFinite(t) && t <= limit;
  });
}

/**
 * When the attestation a verdict rests on stops counting: the earlier of its own `expiresAt` and its date plus
 * the control's `maxAgeDays`, as the evaluator reads it from a ReadAttestation record.
 */
async function expiryOf(
  dir: string,
  results: Pick<RunSummary, 'evidence'>,
  finding: Finding,
  maxAgeDays: number,
): Promise<string | undefined> {
  let latest: number | undefined;
  for (const id of finding.evidence) {
    const entry = results.evidence.find((e) => e.id === id);
    if (entry?.operation !== 'ReadAttestation') continue;
    const path = join(dir, entry.path);
    if (!insideRoot(dir, path)) continue;
    const record = JSON.parse(await readFile(path, 'utf8')) as EvidenceRecord;
    const a = (record.response as { attestation?: { attestedAt?: unknown; expiresAt?: unknown } } | undefined)
      ?.attestation;
    const own = typeof a?.expiresAt === 'string' ? Date.parse(a.expiresAt) : Number.NaN;
    const at = typeof a?.attestedAt === 'string' ? Date.parse(a.attestedAt) : Number.NaN;
    if (Number.isNaN(own)) continue;
    const expiry = Number.isNaN(at) ? own : Math.min(own, at + maxAgeDays * 86_400_000);
    if (latest === undefined || expiry > latest) latest = expiry;
  }
  return latest === undefined ? undefined : new Date(latest).toISOString();
}
