// The benchmark's synthetic organisation, from its parameters: N accounts × regions, K managed rules deployed
// everywhere, R resources each rule evaluates in every account-region, a seeded share of those evaluations
// NON_COMPLIANT, an organisation aggregator, per-call latency and a per-account rate limit.

import { defineWorld, type World, type WorldInput } from '../src/emulator/index.js';

export interface WorldParams {
  accounts: number;
  regions: string[];
  /** Managed rule identifiers deployed in every account-region ("rules per account"). */
  rules: string[];
  /** Resources each rule evaluates in each account-region. */
  resourcesPerRule: number;
  /** Share (0..1) of rule × resource evaluations that are NON_COMPLIANT. */
  nonCompliantShare: number;
  latencyMs: number;
  rateLimit?: { requestsPerSecond: number; burst?: number };
  seed: number;
}

type Account = WorldInput['accounts'][number];
type Resource = NonNullable<Account['resources']>[number];

/** Account ids `100000000001…`; the first is the management account. */
export function accountIds(n: number): string[] {
  return Array.from({ length: n }, (_, i) => String(100_000_000_000 + i + 1));
}

/** Deterministic 0..1 from a string and the seed (FNV-1a). */
export function unit(text: string, seed: number): number {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0) / 2 ** 32;
}

/** Build the world (validated, as the emulator reads it). */
export function benchWorld(p: WorldParams): World {
  const ids = accountIds(p.accounts);
  const accounts: Account[] = ids.map((id, i) => ({
    id,
    name: i === 0 ? 'management' : `account-${String(i).padStart(4, '0')}`,
    email: `aws+${id}@bench.evidentia.example`,
    resources: p.regions.flatMap((region) =>
      Array.from({ length: p.resourcesPerRule }, (_, r): Resource => {
        const resourceId = `vol-${id}-${region}-${r}`;
        const failing = p.rules.filter((rule) => unit(`${resourceId}/${rule}`, p.seed) < p.nonCompliantShare);
        return {
          type: 'AWS::EC2::Volume',
          id: resourceId,
          region,
          tags: { Owner: 'bench' },
          configuration: { size: 20, volumeType: 'gp3', encrypted: !failing.includes('ENCRYPTED_VOLUMES') },
          ...(failing.length
            ? { compliance: Object.fromEntries(failing.map((rule) => [rule, 'NON_COMPLIANT' as const])) }
            : {}),
        };
      }),
    ),
  }));
  return defineWorld(
    {
      name: `bench-${p.accounts}`,
      seed: p.seed,
      organization: { id: 'o-benchmark000', managementAccount: ids[0] as string },
      regions: p.regions,
      // Every rule evaluates the account-region's volumes: R resources per rule.
      ruleScopes: Object.fromEntries(p.rules.map((r) => [r, ['AWS::EC2::Volume']])),
      baseline: { rules: p.rules, compliance: 'COMPLIANT' },
      aggregators: [
        {
          name: 'org-aggregator',
          account: ids[0] as string,
          region: p.regions[0] as string,
          organization: true,
        },
      ],
      accounts,
      latencyMs: p.latencyMs,
      ...(p.rateLimit ? { rateLimit: p.rateLimit } : {}),
    },
    `bench:${p.accounts}`,
  );
}
