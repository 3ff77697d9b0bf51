// AWS KMS clients for the bundle signer, made like every other client of a run: the run's endpoint, retry
// budget and concurrency gate, with the caller's credentials or an assumed role in the key's account.

import { KMSClient } from '@aws-sdk/client-kms';
import type { AwsClients } from './aws-clients.js';
import { CALLER, installGate } from './call-gate.js';

export interface KmsClientTarget {
  region: string;
  /** Account holding the key; absent or the caller's own account → the caller's credentials. */
  accountId?: string;
  /** The caller's account (from sts:GetCallerIdentity), when known. */
  callerAccountId?: string;
}

/**
 * A KMS client for a key's region and account; another account is reached through the run's role. The
 * client shares the run's HTTP handler: never destroy it yourself, `clients.destroy()` does.
 */
export function createKmsClient(clients: AwsClients, target: KmsClientTarget): KMSClient {
  const other = target.accountId !== undefined && target.accountId !== target.callerAccountId;
  const credentials = other
    ? clients.credentials().provider(target.accountId!)
    : clients.settings.credentials;
  const client = new KMSClient(clients.baseConfig(target.region, credentials));
  installGate(client, clients.gate, target.accountId ?? target.callerAccountId ?? CALLER);
  return client;
}
