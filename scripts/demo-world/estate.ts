// The generated part of the demo world: for every account Evidentia can reach, one compliant resource of
// every type the built-in profiles look at, in every region where AWS Config records that type.

import type { World, WorldAccount, WorldResource } from '../../src/emulator/world/world-schema.js';
import { accountStyle } from './account-styles.js';
import { EstateContext } from './estate-context.js';
import { TEMPLATES } from './templates/index.js';
import {
  CURATED_REPLACES,
  FIRST_REGION_TYPES,
  GLOBAL_TYPES,
  NOT_GENERATED,
  recordedByConfig,
} from './type-placement.js';

/** A resource of the generated estate, with its fields in the order the world format lists them. */
export type EstateResource = Omit<WorldResource, 'compliance' | 'relationships' | 'status'>;

/** True when Evidentia can assume its audit role in the account (the sandbox's role was never deployed). */
export function isAccessible(world: World, account: WorldAccount): boolean {
  const roles = account.roles ?? [world.auditRole];
  return account.status === 'ACTIVE' && account.assumeRole === 'allow' && roles.includes(world.auditRole);
}

/** The types the estate generates (needed types minus those recorded by Config or left out on purpose). */
export function generatedTypes(needed: Iterable<string>): string[] {
  return [...needed].filter((t) => !recordedByConfig(t) && !(t in NOT_GENERATED)).sort();
}

/** The regions of the world where a type is generated (`global` for IAM). */
export function regionsOf(type: string, world: World): string[] {
  if (GLOBAL_TYPES.has(type)) return ['global'];
  if (FIRST_REGION_TYPES.has(type)) return [world.regions[0]!];
  return [...world.regions];
}

/**
 * The estate of every accessible account: account id → resources (global first, then region by region).
 * `curated` is the world without any generated block, so hand-written singletons replace generated ones.
 */
export function buildEstate(curated: World, needed: Iterable<string>): Map<string, EstateResource[]> {
  const types = generatedTypes(needed);
  const missing = types.filter((t) => !TEMPLATES[t]);
  if (missing.length) {
    throw new Error(
      `No template for ${missing.join(', ')}: add one under scripts/demo-world/templates/ (or list the type in NOT_GENERATED with a reason)`,
    );
  }
  const homeRegion = curated.regions[0]!;
  const out = new Map<string, EstateResource[]>();
  curated.accounts.forEach((account, index) => {
    if (!isAccessible(curated, account)) return;
    const style = accountStyle(account, index);
    const resources: EstateResource[] = [];
    for (const region of ['global', ...curated.regions]) {
      const ctx = new EstateContext(style, curated.organization.id, region, homeRegion);
      for (const type of types) {
        if (!regionsOf(type, curated).includes(region)) continue;
        if (
          CURATED_REPLACES.has(type) &&
          account.resources.some((r) => r.type === type && r.region === region)
        )
          continue;
        const t = TEMPLATES[type]!(ctx);
        const tags =
          t.taggable === false ? undefined : { Owner: style.team, Environment: account.name, ...t.tags };
        resources.push({
          type,
          id: t.id,
          ...(t.name ? { name: t.name } : {}),
          region,
          ...(t.arn ? { arn: t.arn } : {}),
          ...(t.availabilityZone ? { availabilityZone: t.availabilityZone } : {}),
          ...(t.createdAt ? { createdAt: t.createdAt } : {}),
          ...(tags ? { tags } : {}),
          configuration: t.configuration,
          ...(t.supplementaryConfiguration
            ? { supplementaryConfiguration: t.supplementaryConfiguration }
            : {}),
        });
      }
    }
    out.set(account.id, resources);
  });
  return out;
}
