// Which signer a run uses: the profile's `signing` block (a local key or an AWS KMS key), or, when there is
// none, the trial key in `.evidentia/keys/`.

import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { SigningSettings } from '../../catalog/index.js';
import type { Clock } from '../../core/clock.js';
import { EXIT } from '../../core/errors.js';
import { timestampAuthority } from '../timestamp/timestamp-authority.js';
import { type BundleSigner, withTimestamp } from './bundle-signer.js';
import { kmsSigner } from './kms-signer.js';
import { loadLocalSigner, readChain } from './load-local-signer.js';
import { SigningError } from './signing-error.js';
import { trialSigner } from './trial-signer.js';

export interface ResolveSignerOptions {
  /** The profile's signing block; undefined → the trial key. */
  signing: SigningSettings | undefined;
  /** Folder of the profile file (relative key and certificate paths). */
  profileDir: string;
  /** Where passphrases and keys given by variable name are read. */
  env: Readonly<Record<string, string | undefined>>;
  clock: Clock;
  /** Folder of the trial key. */
  trialKeyDir: string;
  /** A KMS client for the key's region (and account, when the profile names one). */
  kmsClient: (region: string, accountId: string | undefined) => Pick<KMSClient, 'send'>;
}

/** The signer a profile asks for, its signatures time-stamped when the block names a `timestamp` authority. */
export async function resolveSigner(opts: ResolveSignerOptions): Promise<BundleSigner> {
  const signer = await resolveKey(opts);
  const url = opts.signing?.timestamp?.url;
  return url ? withTimestamp(signer, timestampAuthority(url)) : signer;
}

async function resolveKey(opts: ResolveSignerOptions): Promise<BundleSigner> {
  const { signing } = opts;
  if (!signing) return trialSigner({ dir: opts.trialKeyDir, clock: opts.clock });
  if (signing.kind === 'local') return loadLocalSigner(signing, { baseDir: opts.profileDir, env: opts.env });
  const certPath = isAbsolute(signing.certificate)
    ? signing.certificate
    : resolve(opts.profileDir, signing.certificate);
  let pem: string;
  try {
    pem = await readFile(certPath, 'utf8');
  } catch (err) {
    throw new SigningError(
      'SIGNER_CERTIFICATE_UNREADABLE',
      `cannot read the KMS key's certificate ${certPath}`,
      {
        cause: err,
        exitCode: EXIT.BAD_INPUT,
      },
    );
  }
  return kmsSigner({
    client: opts.kmsClient(signing.region, signing.accountId),
    keyId: signing.keyId,
    chain: readChain(pem, certPath),
  });
}
