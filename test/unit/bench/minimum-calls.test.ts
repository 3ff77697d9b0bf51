// The fewest calls a plan needs: a Security Hub task where the world enables no hub costs its one
// GetEnabledStandards, counted apart (answered with an error, as the emulator counts it), and a hub the
// minimum does not model is refused rather than guessed.

import { describe, expect, it } from 'vitest';
import { accountIds, benchWorld } from '../../../bench/bench-world.js';
import { minimumCalls } from '../../../bench/minimum-calls.js';
import type { Plan, SecurityHubTask } from '../../../src/plan/types.js';

const world = benchWorld({
  accounts: 2,
  regions: ['us-east-1', 'eu-west-1'],
  rules: [],
  resourcesPerRule: 1,
  nonCompliantShare: 0,
  latencyMs: 0,
  seed: 7,
});
const [a, b] = accountIds(2) as [string, string];

function hubTask(accountId: string, region: string): SecurityHubTask {
  return {
    id: `securityhub/${accountId}/${region}`,
    kind: 'securityhub',
    accountId,
    region,
    controls: [],
    findings: [],
  };
}

function plan(tasks: SecurityHubTask[]): Plan {
  return {
    tasks,
    accounts: [a, b],
    regions: ['us-east-1', 'eu-west-1'],
    homeRegion: 'us-east-1',
    callerAccountId: a,
    queryKeys: [],
  };
}

describe('minimumCalls', () => {
  it('counts one refused GetEnabledStandards per Security Hub task without a hub, outside the answered calls', () => {
    const m = minimumCalls(
      world,
      plan([hubTask(a, 'us-east-1'), hubTask(a, 'eu-west-1'), hubTask(b, 'us-east-1')]),
      100,
    );
    expect(m.refused).toEqual({ byOperation: { GetEnabledStandards: 3 }, byAccount: { [a]: 2, [b]: 1 } });
    expect(m.byOperation.GetEnabledStandards).toBeUndefined();
    expect(m.byAccount).toEqual({});
    expect(m.chainByAccount).toEqual({ [a]: 1, [b]: 1 });
  });

  it('refuses a world whose hub it does not model', () => {
    const withHub = {
      ...world,
      securityHub: {
        definitions: [],
        hubs: [{ account: a, region: 'us-east-1', enabled: true, standards: [], controls: {}, findings: [] }],
      },
    } as typeof world;
    expect(() => minimumCalls(withHub, plan([hubTask(a, 'us-east-1')]), 100)).toThrow(/not modelled/);
  });
});
