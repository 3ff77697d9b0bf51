// Resolve a run's signer before any AWS call, so a bad key, certificate or passphrase fails at once
// (exit 2) instead of after a whole collection. A KMS signer needs AWS, so it is resolved in the run.

import { join } from 'node:path';
import { type BundleSigner, DEFAULT_KEYS_DIR, resolveSigner } from '../bundle/index.js';
import type { Profile } from '../catalog/index.js';
import type { Clock } from '../core/clock.js';

/** The profile's local or trial signer, loaded now; undefined for a KMS signer. */
export async function preflightSigner(
  profile: Profile,
  clock: Clock,
  env: Readonly<Record<string, string | undefined>> = process.env,
  trialKeyDir = join(process.cwd(), DEFAULT_KEYS_DIR),
): Promise<BundleSigner | undefined> {
  if (profile.signing?.kind === 'kms') return undefined;
  return resolveSigner({
    signing: profile.signing,
    profileDir: profile.dir,
    env,
    clock,
    trialKeyDir,
    kmsClient: () => {
      throw new Error('a local signer never calls KMS');
    },
  });
}
