// Cross-field checks of a world's `securityHub:` section: hubs in known accounts and regions, one hub per account
// and region, controls that Security Hub defines, an administrator that exists. Each problem names its path.

import type { PathSegment } from '../../../catalog/yaml-source.js';
import { BUILT_IN_DEFINITIONS } from './control-definitions.js';
import type { SecurityHubWorld } from './securityhub-world.js';

/** Report each problem of `section` through `issue`. */
export function checkSecurityHubWorld(
  section: SecurityHubWorld | undefined,
  accounts: ReadonlySet<string>,
  regions: ReadonlySet<string>,
  issue: (path: PathSegment[], message: string, at?: 'value' | 'key') => void,
): void {
  if (!section) return;
  const known = new Set([...BUILT_IN_DEFINITIONS.map((d) => d.id), ...section.definitions.map((d) => d.id)]);
  const seen = new Set<string>();
  section.hubs.forEach((h, i) => {
    const at: PathSegment[] = ['securityHub', 'hubs', i];
    if (!accounts.has(h.account))
      issue([...at, 'account'], `account '${h.account}' is not among the accounts`);
    if (!regions.has(h.region))
      issue([...at, 'region'], `region '${h.region}' is not among the world's regions`);
    const key = `${h.account}/${h.region}`;
    if (seen.has(key)) issue(at, `a second hub for ${key}: one hub per account and region`);
    seen.add(key);
    for (const id of Object.keys(h.controls)) {
      if (!known.has(id))
        issue(
          [...at, 'controls', id],
          `unknown control '${id}': add it to securityHub.definitions (built in: ${[...BUILT_IN_DEFINITIONS.map((d) => d.id)].join(', ')})`,
          'key',
        );
    }
  });
  const admin = section.administrator;
  if (admin && !accounts.has(admin.account))
    issue(
      ['securityHub', 'administrator', 'account'],
      `account '${admin.account}' is not among the accounts`,
    );
  if (admin && !regions.has(admin.aggregationRegion))
    issue(
      ['securityHub', 'administrator', 'aggregationRegion'],
      `region '${admin.aggregationRegion}' is not among the world's regions`,
    );
}
