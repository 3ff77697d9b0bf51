// `evidentia verify`: check a bundle's manifest signature, its signer, every file against the manifest and
// the PDF's embedded signature, and name exactly what is wrong.

import { type CmsVerification, pkijsRefusal, verifyDetachedCms } from '../cms/verify-cms.js';
import {
  type BundleManifest,
  MANIFEST_FILE,
  parseManifest,
  SIGNATURE_FILE,
  SIGNER_CERT_FILE,
  UNLISTED_FILES,
} from '../manifest/manifest.js';
import type { PdfSignatureCheck } from '../pdf/verify-pdf-signature.js';
import { type TimestampCheck, verifyTimestampToken } from '../timestamp/verify-timestamp.js';
import { type ParsedCertificate, parsePemCertificates } from '../x509/certificate.js';
import { type BundleContents, isSignedPdf } from './bundle-contents.js';
import { validateSignerPath, validityAt } from './certificate-path.js';

/** The board report inside a bundle (every PDF under reports/ is checked the same way). */
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
  /** Trust anchors were given and the signer does not chain to one of them. */
  | 'unknown-signer'
  /** signer.pem, the manifest and the signature disagree on who signed. */
  | 'signer-mismatch'
  /** The manifest cannot be read. */
  | 'bad-manifest'
  /** A PDF's embedded signature is missing, invalid or by another signer. */
  | 'pdf-signature'
  /** The archive is refused as a whole (a second gzip member, data after its end, damage). */
  | 'bad-archive'
  /** A time-stamp token does not match its signature, or its TSA is not trusted. */
  | 'bad-timestamp';

export interface VerifyProblem {
  kind: ProblemKind;
  /** The file concerned, relative to the bundle root. */
  path: string;
  message: string;
}

/**
 * verified: the signer chains to a trust anchor; not-verified: no trust anchor was given, so nothing says
 * who signed; failed: anchors were given and the signer does not chain to any of them.
 */
export type TrustResult = 'verified' | 'not-verified' | 'failed';

export interface VerifyReport {
  /** Integrity holds and the signer is verified: the only outcome that exits 0. */
  ok: boolean;
  /** Every file is exactly as signed and the signature is valid (whoever signed). */
  integrity: boolean;
  trust: TrustResult;
  problems: VerifyProblem[];
  label: string;
  runId?: string;
  profile?: string;
  signer?: {
    subject: string;
    fingerprintSha256: string;
    kind?: BundleManifest['signer']['kind'];
    trust: TrustResult;
    /** Why the path did not validate (trust: failed). */
    trustDetail?: string;
    /** Subjects from the signer to the trust anchor (trust: verified). */
    path?: string[];
    /** Whether the certificates are still within their validity now (reported; signing time decides). */
    validNow?: { valid: boolean; detail: string; at: string };
  };
  signingTime?: string;
  /** The manifest signature's RFC 3161 time-stamp, when it carries one. */
  timestamp?: { status: TimestampCheck['status']; time?: string; tsa?: string; detail?: string };
  /** Files listed in the manifest that matched. */
  filesVerified: number;
  filesListed: number;
}

export interface VerifyOptions {
  /** Trust anchors: the signer must be one of them or chain up to one (none → trust is not-verified). */
  trust?: readonly ParsedCertificate[];
  /** The verification time (for reporting current validity); default now. */
  now?: Date;
}

/** A report for an archive refused before any file could be checked. */
export function refusedArchiveReport(label: string, message: string, anchors = 0): VerifyReport {
  return {
    ok: false,
    integrity: false,
    trust: anchors > 0 ? 'failed' : 'not-verified',
    problems: [{ kind: 'bad-archive', path: label, message }],
    label,
    filesVerified: 0,
    filesListed: 0,
  };
}

/** Verify a bundle read by folderContents or archiveContents. */
export async function verifyBundle(
  contents: BundleContents,
  opts: VerifyOptions = {},
): Promise<VerifyReport> {
  const problems: VerifyProblem[] = [...contents.problems];
  const anchors = opts.trust ?? [];
  const report: VerifyReport = {
    ok: false,
    integrity: false,
    trust: anchors.length ? 'failed' : 'not-verified',
    problems,
    label: contents.label,
    filesVerified: 0,
    filesListed: 0,
  };
  const add = (kind: ProblemKind, path: string, message: string) => problems.push({ kind, path, message });

  const manifestBytes = await contents.read(MANIFEST_FILE);
  const p7s = await contents.read(SIGNATURE_FILE);
  if (!manifestBytes && !problems.some((p) => p.path === MANIFEST_FILE))
    add('missing', MANIFEST_FILE, 'the manifest is missing: this is not a complete Evidentia bundle');
  if (!p7s && !problems.some((p) => p.path === SIGNATURE_FILE))
    add('missing', SIGNATURE_FILE, 'the manifest signature is missing');

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
    if (cms.status === 'valid') {
      // The library must agree with our reading of the signature, or the signature counts as bad.
      const refusal = await pkijsRefusal(p7s, manifestBytes);
      if (refusal) add('bad-signature', SIGNATURE_FILE, `pkijs does not accept the signature: ${refusal}`);
    }
  }

  // A time-stamp token over the signature gives a trusted time, which then replaces the claimed one.
  let trustedTime: Date | undefined;
  if (cms?.timestampToken && cms.signatureValue && cms.status !== 'malformed') {
    const ts = await verifyTimestampToken(cms.timestampToken, cms.signatureValue, anchors);
    report.timestamp = {
      status: ts.status,
      ...(ts.time ? { time: ts.time.toISOString() } : {}),
      ...(ts.tsa ? { tsa: ts.tsa } : {}),
      ...(ts.detail ? { detail: ts.detail } : {}),
    };
    if (ts.status === 'failed') add('bad-timestamp', SIGNATURE_FILE, ts.detail);
    if (ts.status === 'verified') trustedTime = ts.time;
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
    report.signer = {
      subject: signer.subject,
      fingerprintSha256: signer.fingerprintSha256,
      trust: report.trust,
      ...(manifest ? { kind: manifest.signer.kind } : {}),
    };
    const at = trustedTime ?? cms?.signingTime;
    if (anchors.length && at) {
      const path = await validateSignerPath(signer, cms?.certificates ?? [], anchors, at);
      if (path.status === 'verified') {
        report.trust = 'verified';
        const now = opts.now ?? new Date();
        report.signer.path = path.path.map((c) => c.subject);
        report.signer.validNow = { ...validityAt(path.path, now), at: now.toISOString() };
      } else {
        report.signer.trustDetail = path.detail;
        add(
          'unknown-signer',
          SIGNATURE_FILE,
          `signed by '${signer.subject}' (certificate SHA-256 ${signer.fingerprintSha256}), which the trust anchors do not vouch for: ${path.detail}`,
        );
      }
      report.signer.trust = report.trust;
    } else if (anchors.length) {
      report.signer.trustDetail = 'the signature carries no signing time';
      add(
        'unknown-signer',
        SIGNATURE_FILE,
        'the signature carries no signing time to validate the signer at',
      );
    } else checkValidity(signer, cms?.signingTime, add);
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

  // Every PDF under reports/ that the manifest lists carries the bundle signer's embedded signature.
  for (const path of manifest?.files.map((f) => f.path).filter(isSignedPdf) ?? []) {
    const check = contents.pdfs.get(path);
    if (!check) continue;
    checkPdf(path, check, manifest, add);
    if (check.status === 'valid' && check.timestampToken && check.signatureValue) {
      const ts = await verifyTimestampToken(check.timestampToken, check.signatureValue, anchors);
      if (ts.status === 'failed') add('pdf-signature', path, `its time-stamp: ${ts.detail}`);
    }
  }

  report.integrity = problems.length === 0;
  report.ok = report.integrity && report.trust === 'verified';
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
    else if (found.size !== entry.size)
      add(
        'modified',
        entry.path,
        `it is ${found.size} bytes, the manifest signed ${entry.size}${found.size > entry.size ? ' (not read past the signed size)' : ''}`,
      );
    else if (found.sha256 !== entry.sha256)
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

function checkPdf(
  path: string,
  check: PdfSignatureCheck,
  manifest: BundleManifest | undefined,
  add: Add,
): void {
  if (!check.signed) add('pdf-signature', path, 'the PDF carries no signature');
  else if (check.status !== 'valid')
    add('pdf-signature', path, `the PDF signature is not valid: ${check.detail}`);
  else if (manifest && check.signer?.fingerprintSha256 !== manifest.signer.certificateSha256)
    add(
      'pdf-signature',
      path,
      `the PDF was signed by '${check.signer?.subject ?? 'unknown'}', not by the bundle's signer`,
    );
}
