// Collect manual attestations from the attestation folder (no AWS call):
//   ListAttestations (source: attestation)  — the folder, every record found, and records that could not be read
//   ReadAttestation  (source: attestation)  — one record for a control the plan asks about, with its document
//                                             hashed again; an intact document is copied into the run folder
//                                             (attestations/<record folder>/<file>) so it travels in the bundle.
// Only an intact regular file inside the folder is copied, re-hashed as it is copied (attest/attested-document.ts):
// a record must not be able to smuggle a host file, or a document changed since it was attested, into a package.
// The records are what evaluate/attestations/evaluate-attestations.ts reads.

import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { copyIntactDocument } from '../../attest/attested-document.js';
import { type FoundAttestation, readAttestationFolder } from '../../attest/read-attestations.js';
import { displayPath } from '../../catalog/input-file.js';
import type { EvidenceRecord } from '../../core/evidence-record.js';
import type { AttestationsTask } from '../../plan/types.js';
import { runFolderOf } from '../artifact/run-folder.js';
import type { CollectContext } from '../collect-context.js';

/** Folder inside the run where attested documents are copied. */
export const ATTESTATIONS_FOLDER = 'attestations';
/** The profile schema's default for `evidence.attestations.dir`. */
export const DEFAULT_ATTESTATION_DIR = 'attestations';

/** The attestation folder of a task: its `dir` (relative to the profile file) when the plan carries one. */
export function attestationDir(task: AttestationsTask, profileDir: string): string {
  return resolve(profileDir, task.dir || DEFAULT_ATTESTATION_DIR);
}

/** Collect an `attestations` task. Never throws for an unreadable folder; that becomes an error record. */
export async function collectAttestations(
  task: AttestationsTask,
  ctx: CollectContext,
): Promise<EvidenceRecord[]> {
  const dir = attestationDir(task, ctx.profileDir);
  const started = performance.now();
  const provenance = {
    taskId: task.id,
    source: 'attestation' as const,
    // Not 'evidentia': that service name marks a crashed collector (evaluate/evaluators.ts).
    service: 'attestations',
    accountId: task.accountId,
    region: task.region,
    attempts: 1,
  };
  const listing = (outcome: Pick<EvidenceRecord, 'response'> | Pick<EvidenceRecord, 'error'>) =>
    ctx.writer.write({
      ...provenance,
      operation: 'ListAttestations',
      parameters: { dir: displayPath(dir) },
      collectedAt: ctx.clock.now().toISOString(),
      durationMs: Math.round(performance.now() - started),
      ...outcome,
    });
  let folder: Awaited<ReturnType<typeof readAttestationFolder>>;
  try {
    folder = await readAttestationFolder(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    return [
      await listing({
        error: { code: 'AttestationFolderUnreadable', message: `cannot read ${displayPath(dir)}: ${code}` },
      }),
    ];
  }
  const records: EvidenceRecord[] = [
    await listing({
      response: {
        exists: folder.exists,
        records: folder.found.filter((f) => f.attestation).map((f) => f.recordPath),
        unreadable: folder.found
          .filter((f) => f.problem)
          .map((f) => ({ record: f.recordPath, problem: f.problem })),
      },
    }),
  ];
  const wanted = new Set(task.items.map((i) => `${i.frameworkId}\n${i.controlId}`));
  const runDir = runFolderOf(ctx);
  for (const found of folder.found) {
    const a = found.attestation;
    if (!a || !wanted.has(`${a.framework}\n${a.control}`)) continue;
    records.push(await recordOne(found, runDir, provenance, ctx));
  }
  return records;
}

async function recordOne(
  found: FoundAttestation,
  runDir: string | undefined,
  provenance: Omit<
    EvidenceRecord,
    'id' | 'sha256' | 'operation' | 'parameters' | 'collectedAt' | 'durationMs'
  >,
  ctx: CollectContext,
): Promise<EvidenceRecord> {
  const a = found.attestation!;
  const doc = found.document!;
  let file: EvidenceRecord['file'];
  let copyProblem: string | undefined;
  let intact = doc.intact;
  if (doc.intact && doc.located && doc.sha256 !== undefined && doc.bytes !== undefined) {
    if (runDir) {
      const path = `${ATTESTATIONS_FOLDER}/${doc.relativePath}`;
      try {
        await mkdir(dirname(join(runDir, path)), { recursive: true });
        copyProblem = await copyIntactDocument(doc.located, join(runDir, path), {
          sha256: doc.sha256,
          bytes: doc.bytes,
        });
      } catch (err) {
        copyProblem = `could not copy the document into the run: ${(err as NodeJS.ErrnoException).code ?? String(err)}`;
      }
      // A document that changed or was swapped between the check and the copy is not intact any more.
      if (copyProblem === undefined)
        file = { path, sha256: doc.sha256, bytes: doc.bytes, mediaType: a.mediaType };
      else intact = false;
    } else {
      copyProblem =
        'the pipeline did not give collectors the run folder (CollectContext.runDir): the document is referenced, not copied';
    }
  }
  return ctx.writer.write({
    ...provenance,
    operation: 'ReadAttestation',
    parameters: { record: found.recordPath },
    collectedAt: ctx.clock.now().toISOString(),
    durationMs: 0,
    response: {
      record: found.recordPath,
      attestation: a,
      document: {
        path: doc.relativePath,
        present: doc.present,
        intact,
        ...(doc.sha256 ? { sha256: doc.sha256, bytes: doc.bytes } : {}),
        ...(doc.refused ? { refused: doc.refused } : {}),
        ...(copyProblem ? { copyProblem } : {}),
      },
    },
    ...(file ? { file } : {}),
  });
}
