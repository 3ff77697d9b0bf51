// Detached CMS SignedData (RFC 5652) over some content: signed attributes (content type, signing time,
// message digest, ESS signing-certificate-v2) signed by a BundleSigner. `openssl cms -verify` and PDF
// readers accept it; the same bytes serve the manifest signature and the PDF's embedded signature.

import { createHash } from 'node:crypto';
import { context, integer, NULL, octetString, oid, seq, setOf, time } from '../der/der.js';
import { HASH_OID, OID, SIGNATURE_OID } from '../der/oids.js';
import type { BundleSigner } from '../signers/bundle-signer.js';

export interface CmsSignOptions {
  signer: BundleSigner;
  /** The signingTime attribute. */
  signingTime: Date;
  /**
   * Leave the signingTime attribute out (PAdES baseline signatures carry the claimed time in the PDF's
   * signature dictionary instead, and the trusted time in the time-stamp token).
   */
  omitSigningTime?: boolean;
}

function attribute(type: string, value: Buffer): Buffer {
  return seq(oid(type), setOf(value));
}

/** The DER of the signed attributes as a SET OF (the bytes the signature covers). */
export function signedAttributes(
  content: Buffer,
  signer: BundleSigner,
  signingTime: Date | undefined,
): Buffer {
  const digest = createHash(signer.algorithm.hash).update(content).digest();
  const leaf = signer.chain[0]!;
  const certHash = createHash('sha256').update(leaf.der).digest();
  return setOf(
    attribute(OID.contentType, oid(OID.data)),
    ...(signingTime ? [attribute(OID.signingTime, time(signingTime))] : []),
    attribute(OID.messageDigest, octetString(digest)),
    // SigningCertificateV2 { certs: [ ESSCertIDv2 { hashAlgorithm DEFAULT sha256 (omitted), certHash } ] }
    attribute(OID.signingCertificateV2, seq(seq(seq(octetString(certHash))))),
  );
}

/** Sign `content` and return the DER ContentInfo of a detached SignedData. */
export async function signDetachedCms(content: Buffer, opts: CmsSignOptions): Promise<Buffer> {
  const { signer } = opts;
  const leaf = signer.chain[0];
  if (!leaf) throw new Error('the signer has no certificate');
  const attrs = signedAttributes(content, signer, opts.omitSigningTime ? undefined : opts.signingTime);
  const signature = await signer.sign(attrs);
  // RFC 3161 token over the signature value, as the unsigned attribute signatureTimeStampToken (CAdES-T).
  const token = signer.timestamp ? await signer.timestamp.stamp(signature, signer.algorithm.hash) : undefined;
  const digestAlg = seq(oid(HASH_OID[signer.algorithm.hash]));
  const signatureAlg =
    signer.algorithm.key === 'rsa'
      ? seq(oid(OID.rsaEncryption), NULL)
      : seq(oid(SIGNATURE_OID.ec[signer.algorithm.hash]));
  const signerInfo = seq(
    integer(1),
    seq(leaf.issuerDer, leaf.serialDer),
    digestAlg,
    // [0] IMPLICIT SET OF Attribute: same content as the signed SET, context tag instead of SET.
    Buffer.concat([Buffer.from([0xa0]), attrs.subarray(1)]),
    signatureAlg,
    octetString(signature),
    ...(token ? [context(1, attribute(OID.signatureTimeStampToken, token))] : []),
  );
  const certificates = setOf(...signer.chain.map((c) => c.der));
  const signedData = seq(
    integer(1),
    setOf(digestAlg),
    seq(oid(OID.data)),
    Buffer.concat([Buffer.from([0xa0]), certificates.subarray(1)]),
    setOf(signerInfo),
  );
  return seq(oid(OID.signedData), context(0, signedData));
}
