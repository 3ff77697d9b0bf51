// The bundle stage: sign a rendered run (PDF signature, manifest of every file, detached CMS signature),
// archive it, and verify bundles. Signers hold a local key (PEM, PKCS#12, trial) or an AWS KMS key.

export { withArchive, writeArchive } from './archive.js';
export { signDetachedCms } from './cms/sign-cms.js';
export { type CmsStatus, type CmsVerification, verifyDetachedCms } from './cms/verify-cms.js';
export {
  type BundleManifest,
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  parseManifest,
  SIGNATURE_FILE,
  SIGNER_CERT_FILE,
  VERIFY_FILE,
} from './manifest/manifest.js';
export { pdfSignaturePlaceholder, signPdf } from './pdf/sign-pdf.js';
export { verifyPdfSignature } from './pdf/verify-pdf-signature.js';
export { type BundleSigner, type SignerKind, signerInfo } from './signers/bundle-signer.js';
export { issueKmsCertificate } from './signers/kms-certificate.js';
export { type KmsApi, kmsKey, kmsSigner } from './signers/kms-signer.js';
export { type LocalKeySource, loadLocalSigner, readChain } from './signers/load-local-signer.js';
export { localSigner } from './signers/local-signer.js';
export { type ResolveSignerOptions, resolveSigner } from './signers/resolve-signer.js';
export { generateSelfSigned } from './signers/self-signed.js';
export { SigningError } from './signers/signing-error.js';
export { DEFAULT_KEYS_DIR, TRIAL_KEY_FILE, trialSigner } from './signers/trial-signer.js';
export {
  ArchiveError,
  archiveContents,
  type BundleContents,
  folderContents,
  isSignedPdf,
} from './verify/bundle-contents.js';
export { validateSignerPath } from './verify/certificate-path.js';
export { openBundle } from './verify/open-bundle.js';
export { readTrustAnchors, trustAnchorPaths } from './verify/trust-anchors.js';
export {
  type ProblemKind,
  refusedArchiveReport,
  SIGNED_PDF,
  type TrustResult,
  type VerifyProblem,
  type VerifyReport,
  verifyBundle,
} from './verify/verify-bundle.js';
export { SUMS_FILE } from './verify-text.js';
export { writeBundle, writeBundleArchive } from './write-bundle.js';
export { buildCertificate, type DistinguishedName } from './x509/build-certificate.js';
export { type ParsedCertificate, parseCertificate, parsePemCertificates, toPem } from './x509/certificate.js';
