// The last stage of a run: render the reports (the PDF with a signature placeholder), sign the PDF, seal the
// folder into a signed bundle (manifest, signature, certificate, VERIFY.md), archive it, and only then move
// the folder and the archive into place. A kill at any moment leaves nothing that looks finished.

import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AwsClients } from '../aws/aws-clients.js';
import { createKmsClient } from '../aws/kms-client.js';
import {
  type BundleSigner,
  DEFAULT_KEYS_DIR,
  pdfSignaturePlaceholder,
  resolveSigner,
  signerInfo,
  signPdf,
  writeBundleArchive,
} from '../bundle/index.js';
import type { Catalog, Profile } from '../catalog/index.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { FindingSource, RunResults } from '../core/run-result.js';
import {
  DETAIL_PDF_FILE,
  type FindingConsumer,
  type ReportHistory,
  type SignerInfo,
} from '../render/index.js';
import { renderRun } from './render-run.js';

export interface FinalizeRunOptions {
  /** The run's working folder (`.<run-id>.partial`), holding results.json and the evidence. */
  workDir: string;
  /** Where the finished folder goes; the archive is `<finalDir>.tar.gz`. */
  finalDir: string;
  /** The run's results (its findings streamed from the working folder). */
  results: RunResults<FindingSource>;
  catalog: Catalog;
  profile: Profile;
  history?: ReportHistory;
  /** Further consumers of the render stage's one pass over the findings (the run history's digest). */
  feed?: readonly FindingConsumer[];
  /** The history when `history` is not given, asked for once that pass is over. */
  historyAfterPass?: () => Promise<ReportHistory | undefined>;
  /** The signer to use; default: the profile's `signing` block, else the trial key. */
  signer?: BundleSigner;
  /** The run's AWS clients (a KMS signer is reached through them). */
  clients: AwsClients;
  clock: Clock;
  logger: Logger;
  /** Environment for passphrases and keys given by variable name; default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Folder of the trial key; default `.evidentia/keys` under the working directory. */
  trialKeyDir?: string;
  /** Progress of rendering, signing and archiving (steps done of the stage's FINISH_STEPS). */
  onStep?: (phase: 'render' | 'sign' | 'archive', done: number) => void;
}

export interface FinalizedRun {
  dir: string;
  archive: string;
  /** SHA-256 of manifest.json (the manifest itself is not kept: at 1,000 accounts it lists 105,000 files). */
  manifestSha256: string;
  signer: SignerInfo;
}

/** Render, sign, seal, archive and move a finished run into place. */
export async function finalizeRun(opts: FinalizeRunOptions): Promise<FinalizedRun> {
  const { workDir, finalDir, results, profile, clock, logger } = opts;
  const { run } = results;
  const signer =
    opts.signer ??
    (await resolveSigner({
      signing: profile.signing,
      profileDir: profile.dir,
      env: opts.env ?? process.env,
      clock,
      trialKeyDir: opts.trialKeyDir ?? join(process.cwd(), DEFAULT_KEYS_DIR),
      kmsClient: (region, accountId) =>
        createKmsClient(opts.clients, {
          region,
          ...(accountId ? { accountId } : {}),
          ...(run.scope.callerAccountId ? { callerAccountId: run.scope.callerAccountId } : {}),
        }),
    }));
  const info = signerInfo(signer);
  const signedAt = clock.now();
  const step = opts.onStep ?? (() => {});
  let rendered = 0;
  step('render', 0);
  await renderRun(workDir, opts.catalog, profile, {
    onWritten: () => step('render', ++rendered),
    results,
    ...(opts.history ? { history: opts.history } : {}),
    ...(opts.feed ? { feed: opts.feed } : {}),
    ...(opts.historyAfterPass ? { historyAfterPass: opts.historyAfterPass } : {}),
    signer: info,
    pdf: {
      beforeEnd: pdfSignaturePlaceholder(signer, {
        reason: `Evidentia audit package: run ${run.runId} of profile ${profile.id}`,
        name: signer.chain[0]!.x509.subject.match(/CN=([^\n]*)/)?.[1] ?? info.subject,
        location: run.organization,
        signingTime: signedAt,
      }),
    },
  });
  // writeBundleArchive signs reports/report.pdf; the evidence-detail volume is signed here the same way, before
  // the manifest hashes it.
  const detail = join(workDir, 'reports', DETAIL_PDF_FILE);
  const detailPdf = await readFile(detail).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  step('sign', 0);
  if (detailPdf) await writeFile(detail, await signPdf(detailPdf, signer, signedAt));
  step('sign', 1);
  const archive = `${finalDir}.tar.gz`;
  const partialArchive = `${archive}.partial`;
  let manifestSha256: string;
  try {
    // Sealed and archived in one pass over the folder: each file is hashed as it is archived, so the
    // progress's sign steps cover the archive's writing too, and its archive step the moves into place.
    ({ manifestSha256 } = await writeBundleArchive({
      dir: workDir,
      run,
      signer,
      signedAt,
      archive: {
        root: run.runId,
        file: partialArchive,
        mtime: new Date(run.finishedAt ?? signedAt.toISOString()),
      },
    }));
    step('sign', 3);
    step('archive', 0);
    await rename(workDir, finalDir);
    await rename(partialArchive, archive);
    step('archive', 1);
  } catch (err) {
    await rm(partialArchive, { force: true });
    throw err;
  }
  logger.info(
    {
      runId: run.runId,
      signer: info.subject,
      fingerprint: info.fingerprintSha256,
      kind: signer.kind,
      archive,
    },
    'bundle signed',
  );
  return { dir: finalDir, archive, manifestSha256, signer: info };
}
