// Is the signer's certificate one the verifier trusts: RFC 5280 path validation from the signer through the
// certificates carried in the signature to a trust anchor, on pkijs's CertificateChainValidationEngine (path
// building, signatures, names, validity, CA flag and keyCertSign), with the checks it does not make done
// here explicitly: pathLenConstraint, and the leaf's keyUsage / extended key usage (the signing policy of
// docs/signing.md).

import * as pkijs from 'pkijs';
import type { ParsedCertificate } from '../x509/certificate.js';

/** Extended key usages that allow a certificate to sign an audit package (docs/signing.md). */
export const SIGNING_EKUS: Record<string, string> = {
  '2.5.29.37.0': 'anyExtendedKeyUsage',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.36': 'documentSigning',
};

/**
 * Extensions processed here or by pkijs's engine. A certificate with any other extension marked critical is
 * refused (RFC 5280 6.1.4 (o) and 6.1.5 (f)), as OpenSSL refuses it ("unhandled critical extension"):
 * pkijs accepts one as long as it can parse it, and a CA may use one to restrict what it certified.
 */
const PROCESSED_EXTENSIONS: ReadonlySet<string> = new Set([
  '2.5.29.14', // subjectKeyIdentifier
  '2.5.29.15', // keyUsage
  '2.5.29.17', // subjectAltName
  '2.5.29.19', // basicConstraints
  '2.5.29.30', // nameConstraints
  '2.5.29.32', // certificatePolicies
  '2.5.29.33', // policyMappings
  '2.5.29.35', // authorityKeyIdentifier
  '2.5.29.36', // policyConstraints
  '2.5.29.37', // extKeyUsage
  '2.5.29.54', // inhibitAnyPolicy
]);

const OID_BASIC_CONSTRAINTS = '2.5.29.19';
const OID_KEY_USAGE = '2.5.29.15';
const OID_EXT_KEY_USAGE = '2.5.29.37';
/** keyUsage bits (RFC 5280 §4.2.1.3): bit 0 is the most significant bit of the first byte. */
const KU_DIGITAL_SIGNATURE = 0;
const KU_NON_REPUDIATION = 1;
const KU_KEY_CERT_SIGN = 5;

export interface PathValidation {
  /** verified: the signer chains to an anchor; failed: it does not (detail says why). */
  status: 'verified' | 'failed';
  detail: string;
  /** Leaf first, anchor last (when verified). */
  path: ParsedCertificate[];
}

export interface CurrentValidity {
  /** Every certificate of the path is within its validity at `at`. */
  valid: boolean;
  /** What is not (empty when valid). */
  detail: string;
}

/**
 * Validate the path from `leaf` through `intermediates` to one of `anchors`, every certificate valid at
 * `at` (the signing time). A leaf that is itself an anchor is trusted directly (pinning a certificate).
 */
export async function validateSignerPath(
  leaf: ParsedCertificate,
  intermediates: readonly ParsedCertificate[],
  anchors: readonly ParsedCertificate[],
  at: Date,
  purpose: 'signing' | 'timestamping' = 'signing',
): Promise<PathValidation> {
  const fail = (detail: string): PathValidation => ({ status: 'failed', detail, path: [] });
  const usage =
    criticalProblem(leaf) ?? (purpose === 'signing' ? leafUsageProblem(leaf) : tsaUsageProblem(leaf));
  if (usage) return fail(usage);
  if (anchors.some((a) => a.der.equals(leaf.der))) {
    const when = validityProblem(leaf, at);
    return when ? fail(when) : { status: 'verified', detail: '', path: [leaf] };
  }
  // Each pkijs certificate remembers the one it was made from, to map the validated path back.
  const origin = new Map<pkijs.Certificate, ParsedCertificate>();
  const toPkijs = (c: ParsedCertificate) => {
    const p = pkijs.Certificate.fromBER(c.der);
    origin.set(p, c);
    return p;
  };
  // pkijs takes the last of `certs` as the end entity: the leaf goes last.
  const others = intermediates.filter((c) => !c.der.equals(leaf.der));
  const engine = new pkijs.CertificateChainValidationEngine({
    trustedCerts: anchors.map(toPkijs),
    certs: [...others.map(toPkijs), toPkijs(leaf)],
    checkDate: at,
  });
  const result = await engine.verify({ passedWhenNotRevValues: true });
  if (!result.result) {
    // pkijs says only which rule failed, not for which certificate: name it.
    const named =
      result.resultCode === 8
        ? [leaf, ...others, ...anchors].map((c) => validityProblem(c, at)).find(Boolean)
        : result.resultCode === 14 || result.resultCode === 3 || result.resultCode === 4
          ? others.map(caProblem).find(Boolean)
          : undefined;
    return fail(named ?? engineMessage(result.resultCode, result.resultMessage));
  }
  const path: ParsedCertificate[] = [];
  for (const cert of result.certificatePath ?? []) {
    const found = origin.get(cert);
    if (!found) return fail('the validated path holds a certificate that was not offered');
    if (!path.some((p) => p.der.equals(found.der))) path.push(found);
  }
  if (path[0] && !path[0].der.equals(leaf.der))
    return fail('the validated path does not start at the signer');
  // Checks pkijs leaves out, made on the path it validated.
  for (const [i, cert] of path.entries()) {
    const when = validityProblem(cert, at) ?? criticalProblem(cert);
    if (when) return fail(when);
    if (i === 0) continue;
    const notCa = caProblem(cert);
    if (notCa) return fail(notCa);
    // An intermediate CA whose extended key usage is restricted (a TLS-only issuing CA) does not vouch for
    // signers; OpenSSL refuses such a path too ("unsuitable certificate purpose"). Anchors are trusted as
    // given, as OpenSSL trusts them.
    if (purpose === 'signing' && !anchors.some((a) => a.der.equals(cert.der))) {
      const eku = extensionsOf(cert).get(OID_EXT_KEY_USAGE) as pkijs.ExtKeyUsage | undefined;
      if (eku && !(eku.keyPurposes ?? []).some((p) => p in SIGNING_EKUS))
        return fail(
          `the CA '${cert.subject}' has an extended key usage (${(eku.keyPurposes ?? []).join(', ')}) that allows none of ${Object.values(SIGNING_EKUS).join(', ')}`,
        );
    }
    const bc = basicConstraints(extensionsOf(cert));
    if (bc.pathLen !== undefined) {
      // Intermediate CAs below this one, not counting the leaf nor self-issued certificates (RFC 5280 6.1.4).
      const below = path.slice(1, i).filter((c) => !c.issuerDer.equals(c.subjectDer)).length;
      if (below > bc.pathLen)
        return fail(
          `'${cert.subject}' allows ${bc.pathLen} intermediate CA${bc.pathLen === 1 ? '' : 's'} below it (pathLenConstraint), the path has ${below}`,
        );
    }
  }
  return { status: 'verified', detail: '', path };
}

/** Whether every certificate of `path` is within its validity at `at` (reported, e.g. at verification time). */
export function validityAt(path: readonly ParsedCertificate[], at: Date): CurrentValidity {
  const problems = path.map((c) => validityProblem(c, at)).filter((p): p is string => Boolean(p));
  return { valid: problems.length === 0, detail: problems.join('; ') };
}

/** Why `cert` may not issue certificates, or undefined when it may (a CA, with keyCertSign if keyUsage is set). */
function caProblem(cert: ParsedCertificate): string | undefined {
  const ext = extensionsOf(cert);
  if (!basicConstraints(ext).ca)
    return `'${cert.subject}' issues certificates but is not a CA (basicConstraints cA is not set)`;
  const ku = keyUsageBits(ext);
  if (ku && !ku.has(KU_KEY_CERT_SIGN))
    return `'${cert.subject}' is a CA whose keyUsage does not allow keyCertSign`;
  return undefined;
}

/** Why the leaf may not sign audit packages under our policy, or undefined when it may. */
export function leafUsageProblem(leaf: ParsedCertificate): string | undefined {
  const ext = extensionsOf(leaf);
  const ku = keyUsageBits(ext);
  if (ku && !ku.has(KU_DIGITAL_SIGNATURE) && !ku.has(KU_NON_REPUDIATION))
    return `the signer '${leaf.subject}' has a keyUsage that allows neither digitalSignature nor nonRepudiation`;
  const eku = ext.get(OID_EXT_KEY_USAGE);
  if (eku) {
    const purposes = (eku as pkijs.ExtKeyUsage).keyPurposes ?? [];
    if (!purposes.some((p) => p in SIGNING_EKUS))
      return `the signer '${leaf.subject}' has an extended key usage (${purposes.join(', ')}) that allows none of ${Object.values(SIGNING_EKUS).join(', ')}`;
  }
  return undefined;
}

/** Why a certificate may not sign time-stamp tokens (RFC 3161 §2.3: extended key usage timeStamping). */
function tsaUsageProblem(tsa: ParsedCertificate): string | undefined {
  const ext = extensionsOf(tsa);
  const eku = ext.get(OID_EXT_KEY_USAGE) as pkijs.ExtKeyUsage | undefined;
  if (!eku?.keyPurposes?.includes('1.3.6.1.5.5.7.3.8'))
    return `the time-stamping authority '${tsa.subject}' has no extended key usage timeStamping`;
  const ku = keyUsageBits(ext);
  if (ku && !ku.has(KU_DIGITAL_SIGNATURE) && !ku.has(KU_NON_REPUDIATION))
    return `the time-stamping authority '${tsa.subject}' has a keyUsage that does not allow signing`;
  return undefined;
}

/** Why `cert` must be refused for a critical extension nothing here processes, or undefined. */
function criticalProblem(cert: ParsedCertificate): string | undefined {
  const unknown = (pkijs.Certificate.fromBER(cert.der).extensions ?? []).find(
    (e) => e.critical && !PROCESSED_EXTENSIONS.has(e.extnID),
  );
  return unknown
    ? `'${cert.subject}' carries a critical extension (${unknown.extnID}) that is not processed`
    : undefined;
}

function validityProblem(cert: ParsedCertificate, at: Date): string | undefined {
  const from = new Date(cert.x509.validFrom);
  const to = new Date(cert.x509.validTo);
  if (at < from)
    return `'${cert.subject}' is not valid until ${from.toISOString()} (checked at ${at.toISOString()})`;
  if (at > to) return `'${cert.subject}' expired on ${to.toISOString()} (checked at ${at.toISOString()})`;
  return undefined;
}

/** Parsed extensions by OID (pkijs parses the ones it knows). */
function extensionsOf(cert: ParsedCertificate): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const e of pkijs.Certificate.fromBER(cert.der).extensions ?? []) out.set(e.extnID, e.parsedValue);
  return out;
}

function basicConstraints(ext: Map<string, unknown>): { ca: boolean; pathLen?: number } {
  const bc = ext.get(OID_BASIC_CONSTRAINTS) as pkijs.BasicConstraints | undefined;
  if (!bc) return { ca: false };
  const len = bc.pathLenConstraint as number | { valueBlock: { valueDec: number } } | undefined;
  // pkijs keeps a pathLenConstraint too large for a JS number as an INTEGER object: treat it as unlimited.
  const pathLen = typeof len === 'number' ? len : len === undefined ? undefined : Number.MAX_SAFE_INTEGER;
  return { ca: bc.cA === true, ...(pathLen !== undefined ? { pathLen } : {}) };
}

/** The set keyUsage bits, or undefined when the certificate has no keyUsage extension. */
function keyUsageBits(ext: Map<string, unknown>): Set<number> | undefined {
  const ku = ext.get(OID_KEY_USAGE) as { valueBlock: { valueHexView: Uint8Array } } | undefined;
  if (!ku) return undefined;
  const bytes = new Uint8Array(ku.valueBlock.valueHexView);
  const bits = new Set<number>();
  for (let i = 0; i < bytes.length * 8; i++) if ((bytes[i >> 3]! & (0x80 >> (i & 7))) !== 0) bits.add(i);
  return bits;
}

/** pkijs's result codes in the words verify prints. */
function engineMessage(code: number | undefined, message: string | undefined): string {
  switch (code) {
    case 8:
      return 'a certificate of the path was not valid at the signing time';
    case 14:
      return 'a certificate that issued another in the path is not a CA (basicConstraints cA is not set)';
    case 60:
    case 97:
      return 'no certificate path from the signer to a trusted certificate';
    default:
      return `certificate path validation failed: ${message ?? `code ${code}`}`;
  }
}
