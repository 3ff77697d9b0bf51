// `evidentia verify`: check a bundle's manifest signature, its signer, every file against the manifest and
// the PDF's embedded signature, and name exactly what is wrong.

import { type CmsVerification, verifyDetachedCms } from '../cms/verify-cms.js';
import {
  type BundleManifest,
  MANIFEST_FILE,
  parseManifest,
  SIGNATURE_FILE,
  SIGNER_CERT_FILE,
  UNLISTED_FILES,
} from '../manifest/manifest.js';
import { verifyPdfSignature } from '../pdf/verify-pdf-signature.js';
import { type ParsedCertificate, parsePemCertificates } from '../x509/certificate.js';
import type { BundleContents } from './bundle-contents.js';
import { chainsToTrusted } from './trust.js';

/** The signed PDF report inside a bundle. */
export const SIGNED_PDF = 'reports/report.pdf';

export type ProblemKind =
  /** A listed file whose bytes differ (or the manifest, changed after signing). */
  | 'modified'
  /** A listed file that is not there (or the manifest or its signature). */
  | 'missing'
  /** A file that is not listed, or an entry that is not a regular file. */
  | 'extra'
  /** The manifest signature does not verify or cannot be read. */
  | 'bad-signature'
  /** The signer is not the pinned certificate (or issued by it). */
  | 'unknown-signer'
  /** signer.pem, the manifest and the signature disagree on who signed. */
  | 'signer-mismatch'
  /** The manifest cannot be read. */
  | 'bad-manifest'
  /** The PDF's embedded signature is missing, invalid or by another signer. */
  | 'pdf-signature';

export interface VerifyProblem {
  kind: ProblemKind;
  /** The file concerned, relative to the bundle root. */
  path: string;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  problems: VerifyProblem[];
  label: string;
  runId?: string;
  profile?: string;
  signer?: {
    subject: string;
    fingerprintSha256: string;
    kind?: BundleManifest['signer']['kind'];
    /** pinned: matches --trust; not-pinned: no --trust given; untrusted: --trust given and not matched. */
    trust: 'pinned' | 'not-pinned' | 'untrusted';
  };
  signingTime?: string;
  /** Files listed in the manifest that matched. */
  filesVerified: number;
  filesListed: number;
}

export interface VerifyOptions {
  /** Certificates the signer must be (or chain up to); none → the signer is reported as not pinned. */
  trust?: readonly ParsedCertificate[];
}

/** Files whose bytes verify needs in memory. */
export function inspectedFile(path: string): boolean {
  return (
    path === MANIFEST_FILE || path === SIGNATURE_FILE || path === SIGNER_CERT_FILE || path === SIGNED_PDF
  );
}

/** Verify a bundle read by folderContents or archiveContents. */
export async function verifyBundle(
  contents: BundleContents,
  opts: VerifyOptions = {},
): Promise<VerifyReport> {
  const problems: VerifyProblem[] = [];
  const report: VerifyReport = {
    ok: false,
    problems,
    label: contents.label,
    filesVerified: 0,
    filesListed: 0,
  };
  const add = (kind: ProblemKind, path: string, message: string) => problems.push({ kind, path, message });

  const manifestBytes = await contents.read(MANIFEST_FILE);
  const p7s = await contents.read(SIGNATURE_FILE);
  if (!manifestBytes)
    add('missing', MANIFEST_FILE, 'the manifest is missing: this is not a complete Evidentia bundle');
  if (!p7s) add('missing', SIGNATURE_FILE, 'the manifest signature is missing');

  let cms: CmsVerification | undefined;
  if (manifestBytes && p7s) {
    cms = verifyDetachedCms(p7s, manifestBytes);
    if (cms.status === 'malformed')
      add('bad-signature', SIGNATURE_FILE, `the signature cannot be read: ${cms.detail}`);
    else if (cms.status === 'bad-signature')
      add('bad-signature', SIGNATURE_FILE, `the signature is not valid: ${cms.detail}`);
    else if (cms.status === 'content-modified')
      add(
        'modified',
        MANIFEST_FILE,
        'the manifest was modified after it was signed (its digest differs from the signed one)',
      );
    if (cms.signingTime) report.signingTime = cms.signingTime.toISOString();
  }

  let manifest: BundleManifest | undefined;
  if (manifestBytes) {
    try {
      manifest = parseManifest(manifestBytes);
      report.runId = manifest.run.runId;
      report.profile = manifest.profile.id;
    } catch (err) {
      add('bad-manifest', MANIFEST_FILE, `the manifest cannot be read: ${(err as Error).message}`);
    }
  }

  const signer = cms?.status !== 'malformed' ? cms?.signer : undefined;
  if (signer) {
    const trust = opts.trust?.length
      ? chainsToTrusted(signer, cms?.certificates ?? [], opts.trust)
        ? 'pinned'
        : 'untrusted'
      : 'not-pinned';
    report.signer = {
      subject: signer.subject,
      fingerprintSha256: signer.fingerprintSha256,
      trust,
      ...(manifest ? { kind: manifest.signer.kind } : {}),
    };
    if (trust === 'untrusted')
      add(
        'unknown-signer',
        SIGNATURE_FILE,
        `signed by '${signer.subject}' (certificate SHA-256 ${signer.fingerprintSha256}), which is not the trusted certificate nor issued by it`,
      );
    checkValidity(signer, cms?.signingTime, add);
    await checkSignerFile(contents, signer, add);
    if (manifest && manifest.signer.certificateSha256 !== signer.fingerprintSha256)
      add(
        'signer-mismatch',
        MANIFEST_FILE,
        `the manifest names signer certificate ${manifest.signer.certificateSha256}, but the signature was made with ${signer.fingerprintSha256}`,
      );
  }

  if (manifest) checkFiles(contents, manifest, report, add);
  for (const path of contents.irregular)
    add('extra', path, 'not a regular file, or outside the bundle folder');

  const pdf = await contents.read(SIGNED_PDF);
  if (pdf && (!manifest || manifest.files.some((f) => f.path === SIGNED_PDF))) checkPdf(pdf, manifest, add);

  report.ok = problems.length === 0;
  return report;
}

type Add = (kind: ProblemKind, path: string, message: string) => void;

function checkFiles(
  contents: BundleContents,
  manifest: BundleManifest,
  report: VerifyReport,
  add: Add,
): void {
  const listed = new Set<string>();
  report.filesListed = manifest.files.length;
  for (const entry of manifest.files) {
    if (listed.has(entry.path)) {
      add('bad-manifest', MANIFEST_FILE, `the manifest lists ${entry.path} twice`);
      continue;
    }
    listed.add(entry.path);
    const found = contents.files.get(entry.path);
    if (!found) add('missing', entry.path, 'listed in the manifest but not in the bundle');
    else if (found.sha256 !== entry.sha256 || found.size !== entry.size)
      add(
        'modified',
        entry.path,
        `its content differs from the manifest (SHA-256 ${found.sha256}, ${found.size} bytes; signed: ${entry.sha256}, ${entry.size} bytes)`,
      );
    else report.filesVerified += 1;
  }
  for (const path of contents.files.keys()) {
    if (!listed.has(path) && !UNLISTED_FILES.includes(path))
      add('extra', path, 'present in the bundle but not listed in the manifest');
  }
}

function checkValidity(signer: ParsedCertificate, signingTime: Date | undefined, add: Add): void {
  if (!signingTime) return;
  const from = new Date(signer.x509.validFrom);
  const to = new Date(signer.x509.validTo);
  if (signingTime < from || signingTime > to)
    add(
      'bad-signature',
      SIGNATURE_FILE,
      `signed at ${signingTime.toISOString()}, outside the certificate's validity (${from.toISOString()} to ${to.toISOString()})`,
    );
}

async function checkSignerFile(contents: BundleContents, signer: ParsedCertificate, add: Add): Promise<void> {
  const pem = await contents.read(SIGNER_CERT_FILE);
  if (!pem) return; // reported as missing by the file check when listed
  let chain: ParsedCertificate[] = [];
  try {
    chain = parsePemCertificates(pem.toString('utf8'));
  } catch {
    chain = [];
  }
  if (!chain[0]?.der.equals(signer.der))
    add(
      'signer-mismatch',
      SIGNER_CERT_FILE,
      `${SIGNER_CERT_FILE} does not hold the certificate that signed the manifest`,
    );
}

function checkPdf(pdf: Buffer, manifest: BundleManifest | undefined, add: Add): void {
  const check = verifyPdfSignature(pdf);
  if (!check.signed) add('pdf-signature', SIGNED_PDF, 'the PDF report carries no signature');
  else if (check.status !== 'valid')
    add('pdf-signature', SIGNED_PDF, `the PDF signature is not valid: ${check.detail}`);
  else if (manifest && check.signer?.fingerprintSha256 !== manifest.signer.certificateSha256)
    add(
      'pdf-signature',
      SIGNED_PDF,
      `the PDF was signed by '${check.signer?.subject ?? 'unknown'}', not by the bundle's signer`,
    );
}
