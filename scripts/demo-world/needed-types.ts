// The resource types the built-in profiles look at: the `resourceTypes` of every managed rule and advanced
// query that planRun() puts into any built-in profile's plan, computed from the catalogue (never guessed).

import {
  builtInProfileNames,
  type Catalog,
  loadProfile,
  parseQueryKey,
  profileFrameworks,
} from '../../src/catalog/index.js';
import { planRun } from '../../src/plan/plan-run.js';

/** Profile id → library keys (`config-rule:…`, `config-query:…`) of the AWS Config queries it plans. */
export async function configQueryKeys(catalog: Catalog): Promise<Map<string, string[]>> {
  const byProfile = new Map<string, string[]>();
  for (const name of await builtInProfileNames()) {
    const profile = await loadProfile(name, catalog);
    const plan = planRun({
      profile,
      frameworks: profileFrameworks(profile, catalog),
      catalog,
      // Which queries are planned does not depend on the accounts, only where they run.
      accounts: ['000000000000'],
      callerAccountId: '000000000000',
    });
    byProfile.set(
      profile.id,
      plan.queryKeys.filter((k) => {
        const { kind } = parseQueryKey(k);
        return kind === 'config-rule' || kind === 'config-query';
      }),
    );
  }
  return byProfile;
}

/** Resource type → the query keys that look at it, over every built-in profile. */
export async function neededTypes(catalog: Catalog): Promise<Map<string, string[]>> {
  const keys = new Set([...(await configQueryKeys(catalog)).values()].flat());
  const types = new Map<string, string[]>();
  for (const key of [...keys].sort()) {
    const q = catalog.queries.get(key);
    if (!q || (q.kind !== 'config-rule' && q.kind !== 'config-query')) continue;
    for (const type of q.resourceTypes) types.set(type, [...(types.get(type) ?? []), key]);
  }
  return new Map([...types].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
