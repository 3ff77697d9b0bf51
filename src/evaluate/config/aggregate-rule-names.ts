// A Config aggregator reports rules by name only. Names are tied to managed rule identifiers by the rules
// deployed in the aggregator's own account, and otherwise by AWS's naming conventions: the console's default
// name (`ENCRYPTED_VOLUMES` → `encrypted-volumes`), a conformance pack's suffix
// (`encrypted-volumes-conformance-pack-ab12cd34`), an organisation rule's prefix and suffix
// (`OrgConfigRule-encrypted-volumes-ab12cd34`), Security Hub's (`securityhub-encrypted-volumes-1a2b3c`) and
// Control Tower's (`AWSControlTower_AWS-GR_EBS_OPTIMIZED_INSTANCE`, when the guardrail is named after its rule).
// A name that matches none is not counted for any identifier (an aggregator reports names only; per-account
// collection reads every rule's source identifier and has no such limit — docs/emulator.md, docs/catalog.md).

/** `ENCRYPTED_VOLUMES` → `encrypted-volumes`. */
export function defaultRuleName(identifier: string): string {
  return identifier.toLowerCase().replaceAll('_', '-');
}

/**
 * A function from a reported rule name to the managed identifier it runs, among `wanted` identifiers: the
 * aggregator account's own rules first, then the naming conventions above.
 */
export function ruleNameResolver(
  deployed: ReadonlyMap<string, readonly string[]>,
  wanted: ReadonlySet<string>,
): (name: string) => string | undefined {
  const byName = new Map<string, string>();
  for (const [identifier, names] of deployed) for (const n of names) byName.set(n, identifier);
  const cache = new Map<string, string | undefined>();
  return (name) => {
    const known = byName.get(name);
    if (known) return known;
    if (cache.has(name)) return cache.get(name);
    const unprefixed = name.replace(/^(OrgConfigRule-|securityhub-|AWSControlTower_AWS-GR_)/, '');
    const candidates = [
      unprefixed,
      unprefixed.replace(/-conformance-pack-[a-z0-9]+$/, ''),
      unprefixed.replace(/-[a-z0-9]{8}$/, ''),
      unprefixed.replace(/-[a-z0-9]{6}$/, ''),
    ];
    const identifier = candidates
      .map((c) => c.toUpperCase().replaceAll('-', '_'))
      .find((id) => wanted.has(id));
    cache.set(name, identifier);
    return identifier;
  };
}
