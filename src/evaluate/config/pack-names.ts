// Which deployed conformance pack a query means. A pack deployed in the account itself keeps its name (or the
// name with a suffix); an organisation conformance pack, deployed from the management or delegated
// administrator account, appears in each member account as `OrgConformsPack-<name>-<suffix>`.

const ORG_PREFIX = 'OrgConformsPack-';

/** Whether a deployed pack name is the one a query (`packName`) means. */
export function packMatches(deployed: string, wanted: string): boolean {
  if (deployed === wanted || deployed.startsWith(wanted)) return true;
  if (!deployed.startsWith(ORG_PREFIX)) return false;
  const rest = deployed.slice(ORG_PREFIX.length);
  return rest.startsWith(`${wanted}-`) && /^[A-Za-z0-9]+$/.test(rest.slice(wanted.length + 1));
}
