// Load a local signing key and its certificate chain: a PKCS#12 file, or a PEM key plus PEM certificates,
// each from a path (relative to the profile) or from an environment variable. The passphrase only ever
// comes from an environment variable and is never logged or stored.

import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import forge from 'node-forge';
import { EXIT } from '../../core/errors.js';
import { type ParsedCertificate, parseCertificate, parsePemCertificates } from '../x509/certificate.js';
import type { BundleSigner } from './bundle-signer.js';
import { localSigner } from './local-signer.js';
import { SigningError } from './signing-error.js';

/** Where a local key comes from (the profile's `signing: { kind: local }` block). */
export interface LocalKeySource {
  /** PKCS#12 file. */
  p12?: string;
  /** Environment variable holding a base64 PKCS#12. */
  p12Env?: string;
  /** PEM private key file (PKCS#8 or PKCS#1, optionally encrypted). */
  key?: string;
  /** Environment variable holding a PEM private key. */
  keyEnv?: string;
  /** PEM file with the certificate, then its chain. */
  certificate?: string;
  /** Environment variable holding the PEM certificate chain. */
  certificateEnv?: string;
  /** Environment variable holding the passphrase. */
  passphraseEnv?: string;
}

export interface LoadContext {
  /** Relative paths resolve against this folder (the profile's). */
  baseDir: string;
  env: Readonly<Record<string, string | undefined>>;
}

/** Load the key and chain described by `src` into a signer. Problems are SigningErrors (exit 2). */
export async function loadLocalSigner(src: LocalKeySource, ctx: LoadContext): Promise<BundleSigner> {
  const passphrase = readPassphrase(src, ctx);
  if (src.p12 !== undefined || src.p12Env !== undefined) {
    const where = src.p12 !== undefined ? src.p12 : `$${src.p12Env}`;
    const bytes =
      src.p12 !== undefined
        ? await readSource(resolvePath(src.p12, ctx), 'SIGNER_KEY_UNREADABLE')
        : Buffer.from(envValue(src.p12Env!, ctx, 'SIGNER_KEY_UNREADABLE'), 'base64');
    const { key, chain } = decodePkcs12(bytes, passphrase ?? '', where);
    return localSigner({ key, chain, keyDescription: `PKCS#12 ${where}` });
  }
  const keyWhere = src.key !== undefined ? src.key : src.keyEnv !== undefined ? `$${src.keyEnv}` : undefined;
  if (keyWhere === undefined)
    throw bad('SIGNER_KEY_UNREADABLE', 'the signing block names no key (p12, key or keyEnv)');
  const keyPem =
    src.key !== undefined
      ? (await readSource(resolvePath(src.key, ctx), 'SIGNER_KEY_UNREADABLE')).toString('utf8')
      : envValue(src.keyEnv!, ctx, 'SIGNER_KEY_UNREADABLE');
  const certWhere =
    src.certificate ?? (src.certificateEnv !== undefined ? `$${src.certificateEnv}` : undefined);
  if (certWhere === undefined)
    throw bad(
      'SIGNER_CERTIFICATE_UNREADABLE',
      `the key ${keyWhere} needs its certificate (certificate or certificateEnv)`,
    );
  const certPem =
    src.certificate !== undefined
      ? (await readSource(resolvePath(src.certificate, ctx), 'SIGNER_CERTIFICATE_UNREADABLE')).toString(
          'utf8',
        )
      : envValue(src.certificateEnv!, ctx, 'SIGNER_CERTIFICATE_UNREADABLE');
  const key = readPrivateKey(keyPem, passphrase, keyWhere, src.passphraseEnv);
  return localSigner({ key, chain: readChain(certPem, certWhere), keyDescription: keyWhere });
}

/** Parse a PEM chain (leaf first); at least one certificate. */
export function readChain(pem: string, where: string): ParsedCertificate[] {
  let chain: ParsedCertificate[];
  try {
    chain = parsePemCertificates(pem);
  } catch (err) {
    throw bad('SIGNER_CERTIFICATE_UNREADABLE', `${where}: ${(err as Error).message}`, err);
  }
  if (chain.length === 0) throw bad('SIGNER_CERTIFICATE_UNREADABLE', `${where}: no PEM certificate found`);
  return chain;
}

function readPrivateKey(
  pem: string,
  passphrase: string | undefined,
  where: string,
  passphraseEnv?: string,
): KeyObject {
  const encrypted = /ENCRYPTED/.test(pem);
  if (encrypted && passphrase === undefined) {
    throw bad(
      'SIGNER_PASSPHRASE_MISSING',
      `the key ${where} is encrypted: set ${passphraseEnv ? `the environment variable ${passphraseEnv}` : 'passphraseEnv in the signing block and that environment variable'}`,
    );
  }
  try {
    return createPrivateKey(passphrase === undefined ? { key: pem } : { key: pem, passphrase });
  } catch (err) {
    // The message may say "bad decrypt"; it never contains the passphrase.
    throw bad(
      'SIGNER_KEY_UNREADABLE',
      `cannot read the private key ${where}: ${(err as Error).message}`,
      err,
    );
  }
}

/** Decode a PKCS#12: its private key and its certificates, the key's own certificate first. */
export function decodePkcs12(
  bytes: Buffer,
  passphrase: string,
  where: string,
): { key: KeyObject; chain: ParsedCertificate[] } {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(bytes.toString('binary')));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, passphrase);
  } catch (err) {
    throw bad(
      'SIGNER_KEY_UNREADABLE',
      `cannot open the PKCS#12 ${where} (wrong passphrase or not PKCS#12): ${(err as Error).message}`,
      err,
    );
  }
  const keyBags = [
    ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!] ??
      []),
    ...(p12.getBags({ bagType: forge.pki.oids.keyBag! })[forge.pki.oids.keyBag!] ?? []),
  ];
  const keyBag = keyBags[0];
  if (!keyBag || keyBags.length > 1)
    throw bad('SIGNER_KEY_UNREADABLE', `the PKCS#12 ${where} must hold exactly one private key`);
  const keyDer = keyBag.key
    ? forge.asn1.toDer(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keyBag.key))).getBytes()
    : keyBag.asn1
      ? forge.asn1.toDer(keyBag.asn1).getBytes()
      : undefined;
  if (keyDer === undefined) throw bad('SIGNER_KEY_UNREADABLE', `the PKCS#12 ${where} holds no readable key`);
  const key = createPrivateKey({ key: Buffer.from(keyDer, 'binary'), format: 'der', type: 'pkcs8' });
  const certBags = p12.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? [];
  const certs = certBags.map((bag) => {
    const der = bag.cert
      ? forge.asn1.toDer(forge.pki.certificateToAsn1(bag.cert)).getBytes()
      : bag.asn1
        ? forge.asn1.toDer(bag.asn1).getBytes()
        : '';
    return parseCertificate(Buffer.from(der, 'binary'));
  });
  const own = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const leaf = certs.find((c) => c.spkiDer.equals(own));
  if (!leaf) throw bad('SIGNER_KEY_MISMATCH', `the PKCS#12 ${where} holds no certificate for its key`);
  return { key, chain: [leaf, ...certs.filter((c) => c !== leaf)] };
}

function readPassphrase(src: LocalKeySource, ctx: LoadContext): string | undefined {
  if (src.passphraseEnv === undefined) return undefined;
  const value = ctx.env[src.passphraseEnv];
  if (value === undefined || value === '')
    throw bad(
      'SIGNER_PASSPHRASE_MISSING',
      `the environment variable ${src.passphraseEnv} (the key's passphrase) is not set`,
    );
  return value;
}

function envValue(
  name: string,
  ctx: LoadContext,
  code: 'SIGNER_KEY_UNREADABLE' | 'SIGNER_CERTIFICATE_UNREADABLE',
): string {
  const value = ctx.env[name];
  if (value === undefined || value.trim() === '')
    throw bad(code, `the environment variable ${name} is not set`);
  return value;
}

function resolvePath(path: string, ctx: LoadContext): string {
  return isAbsolute(path) ? path : resolve(ctx.baseDir, path);
}

async function readSource(
  path: string,
  code: 'SIGNER_KEY_UNREADABLE' | 'SIGNER_CERTIFICATE_UNREADABLE',
): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    throw bad(
      code,
      `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      err,
    );
  }
}

function bad(
  code: ConstructorParameters<typeof SigningError>[0],
  message: string,
  cause?: unknown,
): SigningError {
  return new SigningError(code, message, {
    exitCode: EXIT.BAD_INPUT,
    ...(cause === undefined ? {} : { cause }),
  });
}
