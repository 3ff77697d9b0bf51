// Object identifiers for the X.509 and CMS structures the bundle writes and reads, and the hash/key
// algorithm pairs it supports.

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  /** Unsigned attribute carrying an RFC 3161 time-stamp token over the signature value. */
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  /** eContentType of a time-stamp token's SignedData. */
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  sha384WithRSA: '1.2.840.113549.1.1.12',
  sha512WithRSA: '1.2.840.113549.1.1.13',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  ecdsaWithSha512: '1.2.840.10045.4.3.4',
  commonName: '2.5.4.3',
  countryName: '2.5.4.6',
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
} as const;

export type HashName = 'sha256' | 'sha384' | 'sha512';
export type KeyType = 'rsa' | 'ec';

/** Hash OID → name. */
export const HASH_BY_OID: Record<string, HashName> = {
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512',
};

export const HASH_OID: Record<HashName, string> = {
  sha256: OID.sha256,
  sha384: OID.sha384,
  sha512: OID.sha512,
};

/** Signature algorithm OID for a key type and hash (PKCS#1 v1.5 for RSA). */
export const SIGNATURE_OID: Record<KeyType, Record<HashName, string>> = {
  rsa: { sha256: OID.sha256WithRSA, sha384: OID.sha384WithRSA, sha512: OID.sha512WithRSA },
  ec: { sha256: OID.ecdsaWithSha256, sha384: OID.ecdsaWithSha384, sha512: OID.ecdsaWithSha512 },
};

/** Signature algorithm OID → key type and hash (rsaEncryption alone leaves the hash to the digest algorithm). */
export const SIGNATURE_BY_OID: Record<string, { key: KeyType; hash?: HashName }> = {
  [OID.rsaEncryption]: { key: 'rsa' },
  [OID.sha256WithRSA]: { key: 'rsa', hash: 'sha256' },
  [OID.sha384WithRSA]: { key: 'rsa', hash: 'sha384' },
  [OID.sha512WithRSA]: { key: 'rsa', hash: 'sha512' },
  [OID.ecdsaWithSha256]: { key: 'ec', hash: 'sha256' },
  [OID.ecdsaWithSha384]: { key: 'ec', hash: 'sha384' },
  [OID.ecdsaWithSha512]: { key: 'ec', hash: 'sha512' },
};
