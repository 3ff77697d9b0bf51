// VERIFY.md and SHA256SUMS: how an auditor checks a bundle with openssl and pdfsig alone, and the file list
// in the format `sha256sum -c` reads.

import type { BundleManifest } from './manifest/manifest.js';
import { MANIFEST_FILE, SIGNATURE_FILE, SIGNER_CERT_FILE } from './manifest/manifest.js';

export const SUMS_FILE = 'SHA256SUMS';

/** `<sha256>  <path>` lines for every listed file (coreutils format). */
export function sha256Sums(files: ReadonlyMap<string, { sha256: string }>): string {
  return [...files].map(([path, d]) => `${d.sha256}  ${path}\n`).join('');
}

/** Colon-separated upper-case hex, as `openssl x509 -fingerprint -sha256` prints it. */
export function opensslFingerprint(hex: string): string {
  return (hex.toUpperCase().match(/../g) ?? []).join(':');
}

export interface VerifyTextInput {
  run: BundleManifest['run'];
  profile: BundleManifest['profile'];
  signer: BundleManifest['signer'];
  /** Files listed in the manifest (VERIFY.md itself included). */
  fileCount: number;
  /** Paths of the signed PDFs inside the bundle (the report and the evidence detail), when there are any. */
  pdfs?: readonly string[];
}

/** The text of VERIFY.md. */
export function verifyMarkdown(input: VerifyTextInput): string {
  const { run, signer } = input;
  const fp = opensslFingerprint(signer.certificateSha256);
  const trial =
    signer.kind === 'trial'
      ? `\n> **Trial key.** This package was signed with a self-signed trial key created on the machine that ran\n> Evidentia. It proves the files have not changed since signing, not who signed them, unless you take the\n> trial certificate from that machine yourself (\`openssl x509 -in .evidentia/keys/trial-signer.pem -out\n> trial-cert.pem\` there prints only the certificate, never the key) and use it as the trust anchor below.\n> Production audits should use an organisation key (PKCS#12/PEM or AWS KMS) whose certificate or CA you\n> obtain separately.\n`
      : '';
  const kms = signer.kmsKeyArn
    ? `- Key: AWS KMS \`${signer.kmsKeyArn}\` (the private key never left KMS)\n`
    : '';
  const pdf = input.pdfs?.length
    ? `## 4. Check the PDFs' own signatures

\`\`\`sh
${input.pdfs.map((p) => `pdfsig ${p}`).join('\n')}
\`\`\`

Expect \`Signature Validation: Signature is Valid.\` for each, and the signer's common name above. (\`pdfsig\` may add that
the certificate issuer is not trusted unless its CA is in your NSS database; that is about trust, not
integrity.)

`
    : '';
  return `# Verifying this audit package

Run \`${run.runId}\` of profile **${input.profile.name}** (\`${input.profile.id}\`) for ${run.organization},
collected ${run.startedAt}${run.finishedAt ? ` to ${run.finishedAt}` : ''}.

Signed by:

- Subject: ${signer.subject}
- Certificate SHA-256 fingerprint: \`${fp}\`
- Algorithm: ${signer.algorithm}
${kms}${trial}
Every file of this folder except \`${MANIFEST_FILE}\` and \`${SIGNATURE_FILE}\` is listed in \`${MANIFEST_FILE}\`
(${input.fileCount} files) with its size and SHA-256, and also in \`${SUMS_FILE}\`. \`${SIGNATURE_FILE}\` is a
detached CMS (PKCS#7) signature over \`${MANIFEST_FILE}\`; \`${SIGNER_CERT_FILE}\` holds the signer's certificate
(and its chain). Run the commands below from this folder; each needs only OpenSSL (and coreutils or poppler's
\`pdfsig\` where said).

## 1. Who signed: your trust anchor

The certificate in this folder came with the package, and anyone can sign a package with a certificate of
their own that looks the same. What says who signed is a **trust anchor you obtained separately**: the
signer's certificate or the CA that issued it, from the organisation or your own records. Below it is
\`trusted.pem\`. To compare the signer with it:

\`\`\`sh
openssl x509 -in ${SIGNER_CERT_FILE} -noout -subject -fingerprint -sha256
\`\`\`

The fingerprint reads \`${fp}\`.

## 2. The manifest is exactly what was signed, by a signer your anchor vouches for

\`\`\`sh
openssl cms -verify -binary -inform DER -content ${MANIFEST_FILE} -in ${SIGNATURE_FILE} \\
  -CAfile trusted.pem -out /dev/null
\`\`\`

Expect \`CMS Verification successful\`. Any change to \`${MANIFEST_FILE}\` or \`${SIGNATURE_FILE}\`, or a signer
that does not chain to \`trusted.pem\` through CA certificates, makes it fail. (\`-CAfile ${SIGNER_CERT_FILE}\`
would check integrity only: it trusts whatever certificate came with the package.)
(If the certificate restricts its extended key usage to something other than e-mail protection, add
\`-purpose any\`.)

## 3. Every file matches the manifest, and nothing was added

\`${SUMS_FILE}\` is listed in the signed manifest, so check it first, then every file through it:

\`\`\`sh
openssl dgst -sha256 -r ${SUMS_FILE}        # compare with the "${SUMS_FILE}" entry of ${MANIFEST_FILE}
grep -A3 '"path": "${SUMS_FILE}"' ${MANIFEST_FILE}
sha256sum -c --quiet ${SUMS_FILE}            # coreutils; prints only files that differ or are missing
\`\`\`

With OpenSSL alone:

\`\`\`sh
while read -r sum path; do
  [ "$(openssl dgst -sha256 -r "$path" | cut -d' ' -f1)" = "$sum" ] || echo "MODIFIED OR MISSING: $path"
done < ${SUMS_FILE}
\`\`\`

Files that are present but not listed (added after signing):

\`\`\`sh
find . -type f ! -name ${MANIFEST_FILE} ! -name ${SIGNATURE_FILE} ! -name ${SUMS_FILE} | sed 's|^\\./||' | sort > /tmp/present.txt
cut -c67- ${SUMS_FILE} | sort > /tmp/listed.txt
comm -13 /tmp/listed.txt /tmp/present.txt    # prints nothing when no file was added
\`\`\`

${pdf}## ${input.pdfs?.length ? '5' : '4'}. Or all of it at once

\`\`\`sh
evidentia verify <this folder or its .tar.gz> --trust trusted.pem
\`\`\`

Exit status 0 means every check above holds and the signer chains to \`trusted.pem\`; 4 means every file is
as signed but no trust anchor was given (\`signer NOT verified\`); 1 names what is wrong (modified, missing
or extra files, a bad signature, a signer the anchor does not vouch for, a refused archive).
`;
}
