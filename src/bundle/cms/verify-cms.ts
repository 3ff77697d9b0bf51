// Check a detached CMS SignedData against its content: the signature over the signed attributes with the
// signer's certificate, then the message digest. Says which of the two failed, so verify can name the file.

import { createHash, verify as verifySignature } from 'node:crypto';
import * as pkijs from 'pkijs';
import { child, type DerNode, parseDerExact, readOid, readTime, TAG } from '../der/der.js';
import { HASH_BY_OID, type HashName, OID, SIGNATURE_BY_OID } from '../der/oids.js';
import { type ParsedCertificate, parseCertificate } from '../x509/certificate.js';

export type CmsStatus =
  /** Signature and digest hold. */
  | 'valid'
  /** The signature is good, but the content is not what was signed. */
  | 'content-modified'
  /** The signature does not verify with the signer's certificate (the signature file was altered or forged). */
  | 'bad-signature'
  /** The signature file cannot be read as a detached CMS SignedData of a supported kind. */
  | 'malformed';

export interface CmsVerification {
  status: CmsStatus;
  /** What went wrong, in words (empty when valid). */
  detail: string;
  /** The certificate the signer info names (when found). */
  signer?: ParsedCertificate;
  /** Every certificate carried in the signature. */
  certificates: ParsedCertificate[];
  signingTime?: Date;
  hash?: HashName;
  /** The signature value (what a time-stamp token's imprint covers). */
  signatureValue?: Buffer;
  /** DER of the RFC 3161 token in the unsigned attribute signatureTimeStampToken, when there is one. */
  timestampToken?: Buffer;
}

/** The signed content, or its digest under each hash (for content hashed as a stream, such as a PDF). */
export type SignedContent = Buffer | { digest(hash: HashName): Buffer };

function digestOf(content: SignedContent, hash: HashName): Buffer {
  return Buffer.isBuffer(content) ? createHash(hash).update(content).digest() : content.digest(hash);
}

/** Verify `p7s` (DER ContentInfo) as a detached signature over `content`. Never throws. */
export function verifyDetachedCms(p7s: Buffer, content: SignedContent): CmsVerification {
  const certificates: ParsedCertificate[] = [];
  try {
    return check(p7s, content, certificates);
  } catch (err) {
    return { status: 'malformed', detail: (err as Error).message, certificates };
  }
}

function check(p7s: Buffer, content: SignedContent, certificates: ParsedCertificate[]): CmsVerification {
  const contentInfo = parseDerExact(p7s);
  if (readOid(child(contentInfo, 0, TAG.OID)) !== OID.signedData) throw new Error('not a CMS SignedData');
  const signedData = child(child(contentInfo, 1, 0xa0), 0, TAG.SEQUENCE);
  const encap = child(signedData, 2, TAG.SEQUENCE);
  if (readOid(child(encap, 0, TAG.OID)) !== OID.data) throw new Error('signed content type is not id-data');
  if (encap.children.length > 1)
    throw new Error('the signature embeds its content (expected a detached signature)');
  let signerInfos: DerNode | undefined;
  for (const node of signedData.children.slice(3)) {
    if (node.tag === 0xa0)
      for (const c of node.children) certificates.push(parseCertificate(Buffer.from(c.raw)));
    else if (node.tag === TAG.SET) signerInfos = node;
  }
  if (signerInfos?.children.length !== 1) throw new Error('expected exactly one signer in the signature');
  const si = child(signerInfos, 0, TAG.SEQUENCE);
  const sid = child(si, 1);
  if (sid.tag !== TAG.SEQUENCE) throw new Error('the signer is not identified by issuer and serial number');
  const issuer = child(sid, 0, TAG.SEQUENCE).raw;
  const serial = child(sid, 1, TAG.INTEGER).raw;
  const signer = certificates.find((c) => c.issuerDer.equals(issuer) && c.serialDer.equals(serial));
  const base = { certificates, ...(signer ? { signer } : {}) };
  if (!signer)
    return { ...base, status: 'bad-signature', detail: "the signer's certificate is not in the signature" };

  const hashOid = readOid(child(child(si, 2, TAG.SEQUENCE), 0, TAG.OID));
  const hash = HASH_BY_OID[hashOid];
  if (!hash) throw new Error('unsupported digest algorithm');
  const listed = child(signedData, 1, TAG.SET).children.map((alg) => readOid(child(alg, 0, TAG.OID)));
  if (!listed.includes(hashOid))
    throw new Error("the signer's digest algorithm is not among the signature's");
  const attrsNode = child(si, 3);
  if (attrsNode.tag !== 0xa0) throw new Error('the signature has no signed attributes');
  const sigAlg = SIGNATURE_BY_OID[readOid(child(child(si, 4, TAG.SEQUENCE), 0, TAG.OID))];
  if (!sigAlg) throw new Error('unsupported signature algorithm');
  if (sigAlg.key !== signer.keyType)
    throw new Error("the signature algorithm does not match the signer's key");
  if (sigAlg.hash && sigAlg.hash !== hash) throw new Error('the signature and digest algorithms disagree');
  const signature = child(si, 5, TAG.OCTET_STRING).content;
  const unsigned = si.children[6];
  let timestampToken: Buffer | undefined;
  if (unsigned) {
    if (unsigned.tag !== 0xa1) throw new Error('unexpected element after the signature value');
    const tokens = unsigned.children.filter(
      (a) => readOid(child(a, 0, TAG.OID)) === OID.signatureTimeStampToken,
    );
    if (tokens.length > 1) throw new Error('more than one signatureTimeStampToken attribute');
    if (tokens[0]) timestampToken = Buffer.from(child(child(tokens[0], 1, TAG.SET), 0, TAG.SEQUENCE).raw);
  }

  const attrs = readAttributes(attrsNode);
  const signingTimeNode = attrs.get(OID.signingTime);
  const signingTime = signingTimeNode ? readTime(signingTimeNode) : undefined;
  const withTime = {
    ...base,
    hash,
    signatureValue: Buffer.from(signature),
    ...(signingTime ? { signingTime } : {}),
    ...(timestampToken ? { timestampToken } : {}),
  };
  // The signature covers the attributes encoded as a SET OF (tag 0x31), not with the [0] tag they carry here.
  const signedBytes = Buffer.concat([Buffer.from([TAG.SET]), attrsNode.raw.subarray(1)]);
  let good = false;
  try {
    good = verifySignature(hash, signedBytes, signer.x509.publicKey, signature);
  } catch {
    good = false;
  }
  if (!good)
    return {
      ...withTime,
      status: 'bad-signature',
      detail: "the signature does not verify with the signer's certificate",
    };

  const contentType = attrs.get(OID.contentType);
  if (!contentType || readOid(contentType) !== OID.data)
    throw new Error('the content-type attribute is missing or wrong');
  const essCert = attrs.get(OID.signingCertificateV2);
  if (essCert) {
    const certHash = child(child(child(essCert, 0, TAG.SEQUENCE), 0, TAG.SEQUENCE), 0);
    const expected = createHash('sha256').update(signer.der).digest();
    if (certHash.tag !== TAG.OCTET_STRING || !certHash.content.equals(expected))
      return {
        ...withTime,
        status: 'bad-signature',
        detail: 'the signing-certificate attribute names another certificate',
      };
  }
  const digest = attrs.get(OID.messageDigest);
  if (!digest || digest.tag !== TAG.OCTET_STRING) throw new Error('the message-digest attribute is missing');
  if (!digest.content.equals(digestOf(content, hash)))
    return {
      ...withTime,
      status: 'content-modified',
      detail: 'the signed content was modified after signing',
    };
  return { ...withTime, status: 'valid', detail: '' };
}

/** Signed attributes by type → the first value. */
function readAttributes(node: DerNode): Map<string, DerNode> {
  const out = new Map<string, DerNode>();
  for (const attr of node.children) {
    const type = readOid(child(attr, 0, TAG.OID));
    const values = child(attr, 1, TAG.SET);
    if (out.has(type)) throw new Error(`duplicate signed attribute ${type}`);
    out.set(type, child(values, 0));
  }
  return out;
}

/**
 * A second opinion from pkijs (`SignedData.verify`) on a detached signature whose content is in memory: the
 * reason it refuses the signature, or undefined when it agrees. verifyDetachedCms stays the primary check
 * because it also verifies content given only as digests (a PDF hashed as it streams; pkijs needs the whole
 * content) and tells a genuine signature over changed content from a forged one (pkijs compares the digest
 * first).
 */
export async function pkijsRefusal(p7s: Buffer, content: Buffer): Promise<string | undefined> {
  try {
    const ci = pkijs.ContentInfo.fromBER(p7s);
    const signed = new pkijs.SignedData({ schema: ci.content });
    const result = await signed.verify({
      signer: 0,
      data: new Uint8Array(content).buffer,
      checkChain: false,
      extendedMode: true,
    });
    return result.signatureVerified ? undefined : result.message || 'the signature does not verify';
  } catch (err) {
    return (err as Error).message || String(err);
  }
}
