// Check an RFC 3161 time-stamp token carried by a CMS signature: its imprint is the hash of that
// signature's value, the TSA's own signature over the TSTInfo holds (pkijs SignedData.verify), and the TSA's
// certificate chains to a trust anchor with extended key usage timeStamping, valid at the time it states.

import { createHash } from 'node:crypto';
import * as pkijs from 'pkijs';
import { child, parseDerExact, TAG } from '../der/der.js';
import { HASH_BY_OID } from '../der/oids.js';
import { validateSignerPath } from '../verify/certificate-path.js';
import { type ParsedCertificate, parseCertificate } from '../x509/certificate.js';
import { tstInfoOf } from './timestamp-authority.js';

export interface TimestampCheck {
  /** verified: imprint, TSA signature and TSA chain hold; not-verified: no anchor to check the TSA against. */
  status: 'verified' | 'not-verified' | 'failed';
  /** The time the TSA states (genTime). */
  time?: Date;
  /** The TSA's certificate subject. */
  tsa?: string;
  detail: string;
}

/** Verify `token` as the time-stamp of `signatureValue`. Never throws. */
export async function verifyTimestampToken(
  token: Buffer,
  signatureValue: Buffer,
  anchors: readonly ParsedCertificate[],
): Promise<TimestampCheck> {
  const fail = (detail: string, more: Partial<TimestampCheck> = {}): TimestampCheck => ({
    status: 'failed',
    detail,
    ...more,
  });
  let info: pkijs.TSTInfo;
  let signed: pkijs.SignedData;
  let certificates: ParsedCertificate[];
  try {
    info = tstInfoOf(token);
    signed = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(token).content });
    // The certificates exactly as carried (ContentInfo → [0] SignedData → [0] certificates).
    const sd = child(child(parseDerExact(token), 1, 0xa0), 0, TAG.SEQUENCE);
    certificates = (sd.children.find((n) => n.tag === 0xa0)?.children ?? []).map((c) =>
      parseCertificate(Buffer.from(c.raw)),
    );
  } catch (err) {
    return fail(`the time-stamp token cannot be read: ${(err as Error).message}`);
  }
  const time = info.genTime;
  const hash = HASH_BY_OID[info.messageImprint.hashAlgorithm.algorithmId];
  if (!hash) return fail('the time-stamp token uses an unsupported hash', { time });
  const imprint = Buffer.from(info.messageImprint.hashedMessage.valueBlock.valueHexView);
  if (!imprint.equals(createHash(hash).update(signatureValue).digest()))
    return fail('the time-stamp token is for other data than this signature (its imprint differs)', { time });
  let tsaCert: ParsedCertificate | undefined;
  try {
    // For a TSTInfo, pkijs checks the imprint against `data` too (the time-stamped bytes).
    const data = new Uint8Array(signatureValue).buffer;
    const result = await signed.verify({ signer: 0, data, checkChain: false, extendedMode: true });
    if (!result.signatureVerified) return fail("the TSA's signature on the token does not verify", { time });
    // The certificate whose key verified the signature, itself: a token may carry another certificate with
    // the same serial number (a copy of a trusted TSA's, under another issuer name), and that one must not
    // be the one whose path is then validated.
    const used = result.signerCertificate;
    const der = used ? Buffer.from(used.toSchema().toBER(false)) : undefined;
    tsaCert = der && certificates.find((c) => c.der.equals(der));
  } catch (err) {
    const e = err as { message?: string; code?: number };
    return fail(`the TSA's signature on the token does not verify: ${e.message ?? String(err)}`, { time });
  }
  if (!tsaCert) return fail("the token does not carry the TSA's certificate", { time });
  const base = { time, tsa: tsaCert.subject };
  if (anchors.length === 0)
    return { status: 'not-verified', detail: 'no trust anchor was given to check the TSA against', ...base };
  const path = await validateSignerPath(tsaCert, certificates, anchors, time, 'timestamping');
  if (path.status !== 'verified') return fail(`the TSA is not trusted: ${path.detail}`, base);
  return { status: 'verified', detail: '', ...base };
}
