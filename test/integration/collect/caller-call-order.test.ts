// The order of the caller's own calls, read from the emulator's request log: an account's AssumeRole, which
// every call of that account waits for, goes out before the caller's other waiting calls (here, pages of the
// account list asked before it), and under a rate limit the caller's calls are paced with its own account's.

import { DescribeConfigRulesCommand } from '@aws-sdk/client-config-service';
import { ListAccountsCommand } from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsClients } from '../../../src/aws/aws-clients.js';
import { CALLER } from '../../../src/aws/call-gate.js';
import { fixedClock } from '../../../src/core/clock.js';
import { type Emulator, startEmulator } from '../../../src/emulator/index.js';
import type { RequestLogEntry } from '../../../src/emulator/request-log.js';
import { MGMT, PROD, ROLE, testWorld } from '../emulator/emulator-fixture.js';

const clock = fixedClock(new Date('2025-05-01T00:00:00Z'));

function clientsFor(emu: Emulator, perAccount: number): AwsClients {
  const { accessKeyId, secretAccessKey } = emu.credentials;
  return new AwsClients({
    endpoint: emu.url,
    credentials: async () => ({ accessKeyId, secretAccessKey }),
    homeRegion: 'us-east-1',
    role: { name: ROLE, sessionName: 'evidentia', durationSeconds: 3600 },
    limits: { global: 8, perAccount },
    maxAttempts: 6,
    callTimeoutMs: 5000,
    clock,
  });
}

describe("the caller's own calls", () => {
  let emu: Emulator;
  const log: RequestLogEntry[] = [];

  beforeAll(async () => {
    emu = await startEmulator({ world: testWorld({ latencyMs: 100 }), onRequest: (e) => log.push(e) });
  });
  afterAll(() => emu.close());

  it("send an account's AssumeRole before the caller's calls that were waiting before it", async () => {
    const clients = clientsFor(emu, 1);
    try {
      await clients.callerAccountId();
      log.length = 0;
      const org = clients.organizations();
      // One caller slot: the first listing runs, two more wait; then the role is asked for.
      const lists = [1, 2, 3].map(() => org.send(new ListAccountsCommand({})));
      await new Promise((r) => setTimeout(r, 50));
      const role = clients.credentials().get(PROD);
      await Promise.all([...lists, role]);
      expect(log.map((e) => e.operation)).toEqual([
        'ListAccounts',
        'AssumeRole',
        'ListAccounts',
        'ListAccounts',
      ]);
    } finally {
      clients.destroy();
    }
  });

  it("are paced with the caller's account once AWS throttles them: one limit, one pace", async () => {
    const clients = clientsFor(emu, 4);
    emu.faults.setRateLimit({ requestsPerSecond: 20, burst: 5 });
    try {
      await clients.callerAccountId();
      // Calls of the caller's account and the caller's own, until AWS has throttled them and a pace is set.
      const config = clients.config(MGMT, 'us-east-1');
      const org = clients.organizations();
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          i % 2 ? org.send(new ListAccountsCommand({})) : config.send(new DescribeConfigRulesCommand({})),
        ),
      );
      expect(clients.metrics.throttles).toBeGreaterThan(0);
      expect(clients.gate.paceOf(MGMT)).toBeDefined();
      expect(clients.gate.paceOf(CALLER)).toBe(clients.gate.paceOf(MGMT));
    } finally {
      emu.faults.setRateLimit(undefined);
      clients.destroy();
    }
  });
});
