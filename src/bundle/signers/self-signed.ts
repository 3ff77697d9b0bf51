// A new RSA key and a self-signed certificate for it: the trial key and `evidentia keys init`.

import { generateKeyPair, type KeyObject, sign } from 'node:crypto';
import { promisify } from 'node:util';
import { buildCertificate, type DistinguishedName } from '../x509/build-certificate.js';
import { type ParsedCertificate, toPem } from '../x509/certificate.js';
import { localSigner } from './local-signer.js';

const generate = promisify(generateKeyPair);

export interface SelfSignedOptions {
  subject: DistinguishedName;
  /** Validity starts here (the caller's clock). */
  now: Date;
  days: number;
  /** RSA modulus size; default 3072. */
  modulusLength?: number;
}

export interface SelfSigned {
  key: KeyObject;
  certificate: ParsedCertificate;
  /** Unencrypted PKCS#8 PEM. */
  keyPem: string;
  certificatePem: string;
}

/** Generate an RSA key and a self-signed certificate valid for `days` from `now`. */
export async function generateSelfSigned(opts: SelfSignedOptions): Promise<SelfSigned> {
  const { privateKey, publicKey } = await generate('rsa', { modulusLength: opts.modulusLength ?? 3072 });
  const notBefore = new Date(Math.floor(opts.now.getTime() / 1000) * 1000 - 60_000);
  const notAfter = new Date(notBefore.getTime() + opts.days * 86_400_000);
  // Sign with a provisional signer: the certificate does not exist yet, so the key is the only check.
  const certificate = await buildCertificate({
    subject: opts.subject,
    publicKey,
    notBefore,
    notAfter,
    ca: true,
    signer: {
      algorithm: { key: 'rsa', hash: 'sha256' },
      sign: async (data) => sign('sha256', data, privateKey),
    },
  });
  localSigner({ key: privateKey, chain: [certificate], keyDescription: 'new key' });
  return {
    key: privateKey,
    certificate,
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    certificatePem: toPem(certificate.der),
  };
}
