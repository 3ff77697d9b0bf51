// The emulated KMS keys of a world: lookup by key id, key ARN, alias or alias ARN in the caller's account
// and region (answering NotFound / AccessDenied as KMS does), and real key pairs made on first use.

import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { AwsServiceError } from '../../service-error.js';
import { SIGNING_ALGORITHMS } from './kms-crypto.js';
import type { KmsWorld } from './kms-world-schema.js';

export interface KmsKeyState {
  id: string;
  arn: string;
  accountId: string;
  region: string;
  aliases: string[];
  keySpec: KmsWorld['keys'][number]['keySpec'];
  keyUsage: 'SIGN_VERIFY' | 'ENCRYPT_DECRYPT';
  state: 'Enabled' | 'Disabled' | 'PendingDeletion';
  description: string;
  createdAt: Date;
  privateKeyPem?: string;
  /** Sign answers with a corrupted signature (test fault). */
  corruptSignatures?: boolean;
}

const RSA_BITS: Record<string, number> = { RSA_2048: 2048, RSA_3072: 3072, RSA_4096: 4096 };
const CURVES: Record<string, string> = {
  ECC_NIST_P256: 'P-256',
  ECC_NIST_P384: 'P-384',
  ECC_NIST_P521: 'P-521',
};
const CURVE_HASH: Record<string, string> = {
  ECC_NIST_P256: 'sha256',
  ECC_NIST_P384: 'sha384',
  ECC_NIST_P521: 'sha512',
};

export class KmsKeyStore {
  readonly keys: KmsKeyState[];
  private readonly material = new Map<string, KeyObject>();

  constructor(spec: KmsWorld, seed: number, time: Date) {
    this.keys = spec.keys.map((k, i) => {
      const id = k.id ?? derivedId(`${seed}/${k.account}/${k.region}/${i}`);
      const state: KmsKeyState = {
        id,
        arn: `arn:aws:kms:${k.region}:${k.account}:key/${id}`,
        accountId: k.account,
        region: k.region,
        aliases: [...k.aliases],
        keySpec: k.keySpec,
        keyUsage: k.keyUsage ?? (k.keySpec === 'SYMMETRIC_DEFAULT' ? 'ENCRYPT_DECRYPT' : 'SIGN_VERIFY'),
        state: k.state,
        description: k.description,
        createdAt: new Date(time.getTime() - 180 * 86_400_000),
      };
      if (k.privateKeyPem) state.privateKeyPem = k.privateKeyPem;
      if (k.corruptSignatures) state.corruptSignatures = true;
      return state;
    });
  }

  /** The key `keyId` names, as seen by a caller in `accountId` and `region`. */
  resolve(keyId: string, accountId: string, region: string): KmsKeyState {
    const arn = /^arn:aws[\w-]*:kms:([a-z0-9-]+):(\d{12}):(key|alias)\/(.+)$/.exec(keyId);
    let target: { region: string; account: string; kind: 'key' | 'alias'; name: string };
    if (arn) target = { region: arn[1]!, account: arn[2]!, kind: arn[3] as 'key' | 'alias', name: arn[4]! };
    else if (keyId.startsWith('alias/'))
      target = { region, account: accountId, kind: 'alias', name: keyId.slice(6) };
    else target = { region, account: accountId, kind: 'key', name: keyId };
    const display =
      target.kind === 'alias'
        ? `arn:aws:kms:${target.region}:${target.account}:alias/${target.name}`
        : `arn:aws:kms:${target.region}:${target.account}:key/${target.name}`;
    if (target.kind === 'key' && !/^[0-9a-f-]{36}$|^mrk-[0-9a-f]{32}$/.test(target.name))
      throw new AwsServiceError('NotFoundException', `Invalid keyId '${keyId}'`);
    const key = this.keys.find(
      (k) =>
        k.accountId === target.account &&
        k.region === target.region &&
        (target.kind === 'key' ? k.id === target.name : k.aliases.includes(`alias/${target.name}`)),
    );
    if (target.account !== accountId) {
      // Another account's key: its key policy would have to allow the caller; the emulator's keys never do.
      throw new AwsServiceError(
        'AccessDeniedException',
        `User is not authorized to use ${display} because no resource-based policy allows the action`,
      );
    }
    if (!key || target.region !== region) {
      throw new AwsServiceError(
        'NotFoundException',
        target.kind === 'alias' ? `Alias ${display} is not found.` : `Key '${display}' does not exist`,
      );
    }
    return key;
  }

  /** The key's private key (generated on first use). */
  privateKey(key: KmsKeyState): KeyObject {
    let material = this.material.get(key.arn);
    if (!material) {
      if (key.privateKeyPem) material = createPrivateKey(key.privateKeyPem);
      else if (RSA_BITS[key.keySpec])
        material = generateKeyPairSync('rsa', { modulusLength: RSA_BITS[key.keySpec]! }).privateKey;
      else if (CURVES[key.keySpec])
        material = generateKeyPairSync('ec', { namedCurve: CURVES[key.keySpec]! }).privateKey;
      else throw new Error(`no key pair for ${key.keySpec}`);
      this.material.set(key.arn, material);
    }
    return material;
  }

  /** DER SubjectPublicKeyInfo of an asymmetric key. */
  publicKeyDer(key: KmsKeyState): Buffer {
    return createPublicKey(this.privateKey(key)).export({ type: 'spki', format: 'der' });
  }

  /** Signing algorithms the key supports (empty when it cannot sign). */
  signingAlgorithms(key: KmsKeyState): string[] {
    if (key.keyUsage !== 'SIGN_VERIFY') return [];
    if (RSA_BITS[key.keySpec]) return Object.keys(SIGNING_ALGORITHMS).filter((a) => a.startsWith('RSASSA_'));
    const hash = CURVE_HASH[key.keySpec];
    return hash ? [`ECDSA_${hash.toUpperCase().replace('SHA', 'SHA_')}`] : [];
  }

  /** Encryption algorithms the key supports. */
  encryptionAlgorithms(key: KmsKeyState): string[] {
    if (key.keyUsage !== 'ENCRYPT_DECRYPT') return [];
    return key.keySpec === 'SYMMETRIC_DEFAULT'
      ? ['SYMMETRIC_DEFAULT']
      : ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'];
  }
}

/** A UUID-shaped key id derived from text. */
function derivedId(text: string): string {
  const hex = createHash('sha256').update(`kms-key/${text}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
