// When collection ends the run lets go of the clients it kept per account and region — AWS Config, Security Hub,
// Audit Manager, Artifact — which rendering and bundling never use; one asked for later is made again.

import { afterEach, describe, expect, it } from 'vitest';
import { artifactClientFor } from '../../../src/aws/artifact/artifact-for-account.js';
import { auditManagerClientFor } from '../../../src/aws/audit-manager-client.js';
import { AwsClients } from '../../../src/aws/aws-clients.js';
import { securityHubClientFor } from '../../../src/aws/securityhub-client.js';
import { systemClock } from '../../../src/core/clock.js';

const ACCOUNT = '222222222222';
let clients: AwsClients | undefined;

afterEach(() => clients?.destroy());

describe('AwsClients.endCollection', () => {
  it('lets go of every per-account client, and makes one again when asked', () => {
    clients = new AwsClients({
      // Nothing is sent: making a client opens no connection.
      endpoint: 'http://127.0.0.1:9',
      credentials: async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }),
      homeRegion: 'us-east-1',
      role: { name: 'EvidentiaAuditRole', sessionName: 'evidentia', durationSeconds: 3600 },
      limits: { global: 8, perAccount: 4 },
      maxAttempts: 1,
      callTimeoutMs: 1000,
      clock: systemClock,
    });
    clients.knowCallerAccount('111111111111');
    const c = clients;
    const made = () => ({
      config: c.config(ACCOUNT, 'us-east-1'),
      securityHub: securityHubClientFor(c, ACCOUNT, 'us-east-1'),
      auditManager: auditManagerClientFor(c, ACCOUNT, 'us-east-1'),
      artifact: artifactClientFor(c, ACCOUNT),
    });
    const first = made();
    const again = made();
    for (const key of Object.keys(first) as (keyof typeof first)[]) expect(again[key]).toBe(first[key]);
    c.endCollection();
    const after = made();
    for (const key of Object.keys(first) as (keyof typeof first)[]) expect(after[key]).not.toBe(first[key]);
    // Kept again from then on.
    expect(made().config).toBe(after.config);
  });
});
