// Injected faults seen through the real SDK: throttling then success (retries visible in $metadata.attempts),
// 5xx, connection resets, latency, access denied and expired tokens, and the per-account rate limit.

import { ConfigServiceClient, DescribeConfigRulesCommand } from '@aws-sdk/client-config-service';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../../src/emulator/index.js';
import { callerKeys, clientConfig, configIn, failure, MGMT, PROD, testWorld } from './emulator-fixture.js';

describe('fault injection', () => {
  let emu: Emulator;
  let config: ConfigServiceClient;

  beforeAll(async () => {
    emu = await startEmulator({ world: testWorld() });
    config = await configIn(emu, MGMT);
  });
  afterEach(() => {
    emu.faults.clear();
    emu.faults.setRateLimit(undefined);
    emu.faults.setLatency(0);
  });
  afterAll(async () => {
    config.destroy();
    await emu.close();
  });

  const describeRules = () =>
    config.send(new DescribeConfigRulesCommand({ ConfigRuleNames: ['encrypted-volumes'] }));

  it('throttles the first two calls; the SDK retries and succeeds on the third attempt', async () => {
    emu.faults.add({ kind: 'throttle', service: 'config', operation: 'DescribeConfigRules', first: 2 });
    const out = await describeRules();
    expect(out.ConfigRules).toHaveLength(1);
    expect(out.$metadata.attempts).toBe(3);
    const last = emu.requests.slice(-3).map((r) => [r.status, r.errorCode]);
    expect(last).toEqual([
      [400, 'ThrottlingException'],
      [400, 'ThrottlingException'],
      [200, undefined],
    ]);
  });

  it('throttles each service with its own code', async () => {
    emu.faults.add({ kind: 'throttle', service: 'sts', first: 1 });
    emu.faults.add({ kind: 'throttle', service: 'organizations', first: 1 });
    const sts = new STSClient(clientConfig(emu, callerKeys(emu)));
    const org = new OrganizationsClient(clientConfig(emu, callerKeys(emu)));
    expect((await sts.send(new GetCallerIdentityCommand({}))).$metadata.attempts).toBe(2);
    expect((await org.send(new ListAccountsCommand({}))).$metadata.attempts).toBe(2);
    const codes = emu.requests
      .filter((r) => r.status !== 200)
      .slice(-2)
      .map((r) => [r.service, r.status, r.errorCode]);
    expect(codes).toEqual([
      ['sts', 400, 'Throttling'],
      ['organizations', 429, 'TooManyRequestsException'],
    ]);
    sts.destroy();
    org.destroy();
  });

  it('fails for good when every attempt is throttled', async () => {
    emu.faults.add({ kind: 'throttle', operation: 'DescribeConfigRules' });
    const err = await failure(describeRules());
    expect(err.name).toBe('ThrottlingException');
    expect(err.$metadata.attempts).toBe(3);
  });

  it('answers 500 InternalFailure and 503 ServiceUnavailable, which the SDK retries', async () => {
    emu.faults.add({ kind: 'error', status: 503, first: 1 });
    emu.faults.add({ kind: 'error', status: 500, every: 2 });
    const out = await describeRules();
    expect(out.$metadata.attempts).toBe(3);
    expect(emu.requests.slice(-3).map((r) => r.errorCode)).toEqual([
      'ServiceUnavailable',
      'InternalFailure',
      undefined,
    ]);
  });

  it('resets the connection; the SDK retries on a fresh socket', async () => {
    emu.faults.add({ kind: 'reset', operation: 'DescribeConfigRules', first: 1 });
    const out = await describeRules();
    expect(out.ConfigRules).toHaveLength(1);
    expect(out.$metadata.attempts).toBe(2);
    expect(emu.requests.slice(-2).map((r) => [r.status, r.errorCode])).toEqual([
      [0, 'ConnectionReset'],
      [200, undefined],
    ]);
  });

  it('adds latency to selected calls (recorded in the request log)', async () => {
    emu.faults.add({ kind: 'latency', latencyMs: 120, operation: 'DescribeConfigRules', first: 1 });
    emu.faults.setLatency(3);
    await describeRules();
    await describeRules();
    const [slow, normal] = emu.requests.slice(-2);
    expect(slow?.durationMs).toBeGreaterThanOrEqual(123);
    expect(normal?.durationMs).toBeGreaterThanOrEqual(3);
    expect(emu.faults.list()[0]).toMatchObject({ matched: 2, fired: 1 });
  });

  it('denies access and expires tokens for a chosen account only', async () => {
    emu.faults.add({ kind: 'access-denied', account: PROD, service: 'config' });
    emu.faults.add({ kind: 'expired-token', account: MGMT, operation: 'SelectResourceConfig' });
    const prod = await configIn(emu, PROD);
    const denied = await failure(prod.send(new DescribeConfigRulesCommand({})));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toContain(`arn:aws:sts::${PROD}:assumed-role/`);
    expect((await describeRules()).$metadata.httpStatusCode).toBe(200);
    const { SelectResourceConfigCommand } = await import('@aws-sdk/client-config-service');
    const expired = await failure(
      config.send(new SelectResourceConfigCommand({ Expression: 'SELECT resourceId' })),
    );
    expect(expired.name).toBe('ExpiredTokenException');
    prod.destroy();
  });

  it('throttles an account beyond its rate limit, leaving other accounts alone', async () => {
    const prod = await configIn(emu, PROD);
    emu.faults.setRateLimit({ requestsPerSecond: 0.001, burst: 2 });
    await describeRules();
    await describeRules();
    const err = await failure(describeRules());
    expect(err.name).toBe('ThrottlingException');
    expect(err.$metadata.attempts).toBe(3);
    expect(
      (await prod.send(new DescribeConfigRulesCommand({ ConfigRuleNames: ['encrypted-volumes'] })))
        .ConfigRules,
    ).toHaveLength(1);
    prod.destroy();
  });

  it('takes the rate limit from the world', async () => {
    const e = await startEmulator({
      world: testWorld({ rateLimit: { requestsPerSecond: 0.001, burst: 1 } }),
    });
    const sts = new STSClient({ ...clientConfig(e, callerKeys(e)), maxAttempts: 1 });
    await sts.send(new GetCallerIdentityCommand({}));
    expect((await failure(sts.send(new GetCallerIdentityCommand({})))).name).toBe('Throttling');
    sts.destroy();
    await e.close();
  });

  it('reads faults and latency from the world, with seeded probabilities', async () => {
    const world = testWorld({
      seed: 42,
      latencyMs: 2,
      faults: [{ kind: 'throttle', service: 'config', probability: 0.5 }],
    });
    const patterns: string[] = [];
    for (let run = 0; run < 2; run++) {
      const e = await startEmulator({ world });
      const c = new ConfigServiceClient({ ...clientConfig(e, callerKeys(e)), maxAttempts: 1 });
      for (let i = 0; i < 12; i++) await c.send(new DescribeConfigRulesCommand({})).catch(() => undefined);
      patterns.push(e.requests.map((r) => (r.status === 200 ? '.' : 'T')).join(''));
      expect(e.requests.every((r) => r.durationMs >= 2)).toBe(true);
      c.destroy();
      await e.close();
    }
    expect(patterns[0]).toBe(patterns[1]);
    expect(patterns[0]).toMatch(/T/);
    expect(patterns[0]).toMatch(/\./);
  });
});
