// Renewing an expiring role session under load: every call that finds the session about to expire must share
// one AssumeRole, not each start its own (a burst of renewals per account at every expiry).

import { STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountCredentials } from '../../src/aws/account-credentials.js';
import { systemClock } from '../../src/core/clock.js';
import { type Emulator, startEmulator } from '../../src/emulator/index.js';
import { faultWorld, MGMT, PROD } from './fault-fixture.js';

describe('renewing an assumed role that is about to expire', () => {
  let emulator: Emulator;
  let sts: STSClient;

  beforeAll(async () => {
    // One-minute sessions against a five-minute renewal window: every session is "about to expire".
    emulator = await startEmulator({ world: faultWorld((w) => ({ ...w, credentialLifetimeSeconds: 60 })) });
    sts = new STSClient({ endpoint: emulator.url, region: 'us-east-1', credentials: emulator.credentials });
  });
  afterAll(async () => {
    sts.destroy();
    await emulator.close();
  });

  it('makes one AssumeRole for all the calls that need a fresh session at once', async () => {
    const caller = async () => emulator.credentials;
    const role = { name: 'EvidentiaAuditRole', sessionName: 'evidentia', durationSeconds: 3600 };
    const credentials = new AccountCredentials(sts, caller, MGMT, role, systemClock, 5 * 60_000);
    const assumes = () => emulator.requests.filter((r) => r.operation === 'AssumeRole').length;

    const first = await credentials.get(PROD);
    expect(assumes()).toBe(1);
    const renewed = await Promise.all(Array.from({ length: 6 }, () => credentials.get(PROD)));
    expect(assumes()).toBe(2);
    expect(new Set(renewed.map((c) => c.accessKeyId)).size).toBe(1);
    expect(renewed[0]?.accessKeyId).not.toBe(first.accessKeyId);
  });
});
