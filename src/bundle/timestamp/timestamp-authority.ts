// An RFC 3161 time-stamping authority over HTTP: send a TimeStampReq for the hash of some bytes (a CMS
// signature value), get a TimeStampResp, and return the time-stamp token (a CMS ContentInfo) exactly as the
// TSA encoded it, after checking that it was granted for our hash and nonce.

import { createHash, randomBytes } from 'node:crypto';
import * as pkijs from 'pkijs';
import {
  boolean,
  child,
  integerFromBytes,
  NULL,
  octetString,
  oid,
  parseDerExact,
  seq,
  TAG,
} from '../der/der.js';
import { HASH_OID, type HashName } from '../der/oids.js';
import { SigningError } from '../signers/signing-error.js';

/** Gets time-stamp tokens for signatures. */
export interface TimestampAuthority {
  url: string;
  /** The DER time-stamp token over `hash(data)`. */
  stamp(data: Buffer, hash: HashName): Promise<Buffer>;
}

/** Largest response read from a TSA. */
const RESPONSE_CAP = 1024 * 1024;

/** A TSA at `url` (http or https), reached with `fetch`. */
export function timestampAuthority(url: string, opts: { timeoutMs?: number } = {}): TimestampAuthority {
  return {
    url,
    async stamp(data, hash) {
      const digest = createHash(hash).update(data).digest();
      const nonce = randomBytes(8);
      nonce[0]! &= 0x7f;
      if (nonce[0] === 0) nonce[0] = 1;
      // TimeStampReq { version 1, messageImprint { hashAlgorithm, hashedMessage }, nonce, certReq TRUE }
      const request = seq(
        Buffer.from([TAG.INTEGER, 1, 1]),
        seq(seq(oid(HASH_OID[hash]), NULL), octetString(digest)),
        integerFromBytes(nonce),
        boolean(true),
      );
      let body: Buffer;
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
          body: request,
          signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
        });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        body = Buffer.from(await res.arrayBuffer());
      } catch (err) {
        throw tsaError(url, `the request failed: ${(err as Error).message}`, err);
      }
      if (body.length > RESPONSE_CAP) throw tsaError(url, `the response is over ${RESPONSE_CAP} bytes`);
      let token: Buffer;
      try {
        // TimeStampResp { status PKIStatusInfo, timeStampToken ContentInfo OPTIONAL }: keep the token's bytes.
        const resp = parseDerExact(body);
        const status = pkijs.PKIStatusInfo.fromBER(child(resp, 0, TAG.SEQUENCE).raw);
        if (status.status !== 0 && status.status !== 1)
          throw new Error(
            `the TSA refused (PKIStatus ${status.status}${status.statusStrings?.length ? `: ${status.statusStrings.map((s) => s.valueBlock.value).join('; ')}` : ''})`,
          );
        token = Buffer.from(child(resp, 1, TAG.SEQUENCE).raw);
      } catch (err) {
        throw tsaError(url, `unusable response: ${(err as Error).message}`, err);
      }
      const info = tstInfoOf(token);
      if (!Buffer.from(info.messageImprint.hashedMessage.valueBlock.valueHexView).equals(digest))
        throw tsaError(url, 'the token is for another hash than the one sent');
      const gotNonce = info.nonce ? Buffer.from(info.nonce.valueBlock.valueHexView) : undefined;
      if (!gotNonce?.equals(nonce)) throw tsaError(url, 'the token does not carry the nonce sent');
      return token;
    },
  };
}

/** The TSTInfo inside a time-stamp token (throws when it is not one). */
export function tstInfoOf(token: Buffer): pkijs.TSTInfo {
  const ci = pkijs.ContentInfo.fromBER(token);
  if (ci.contentType !== pkijs.ContentInfo.SIGNED_DATA) throw new Error('the token is not a CMS SignedData');
  const sd = new pkijs.SignedData({ schema: ci.content });
  if (sd.encapContentInfo.eContentType !== '1.2.840.113549.1.9.16.1.4' || !sd.encapContentInfo.eContent)
    throw new Error('the token does not hold a TSTInfo');
  return pkijs.TSTInfo.fromBER(sd.encapContentInfo.eContent.getValue());
}

function tsaError(url: string, why: string, cause?: unknown): SigningError {
  return new SigningError('SIGNER_TIMESTAMP_FAILED', `time-stamping authority ${url}: ${why}`, {
    ...(cause ? { cause } : {}),
  });
}
