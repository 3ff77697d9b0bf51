// A template read back by `packs deploy` must be one `packs generate` could have written for its manifest entry:
// only AWS-owned Config rules, exactly the rules the entry lists, under the names it gives them. packs.json pins a
// SHA-256, but whoever edits a template can edit that too; without this check a dry run would describe the
// manifest's rules while `--apply` put whatever the template holds (a custom Lambda rule, any resource). Pure.

import { parseDocument } from 'yaml';
import { logicalIdOf, ruleNameOf } from './pack-template.js';

const RULE_PROPERTIES = new Set(['ConfigRuleName', 'Source', 'Scope', 'InputParameters']);

/** Why `template` is not a generated template of exactly `rules`; undefined when it is. */
export function templateMismatch(template: string, rules: readonly string[]): string | undefined {
  // No aliases (a YAML bomb expands through them), no tags (CloudFormation functions), one document.
  const doc = parseDocument(template, { uniqueKeys: true, logLevel: 'silent' });
  if (doc.errors.length) return `not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`;
  if (doc.warnings.length) return `not a generated template: ${doc.warnings[0]!.message.split('\n')[0]}`;
  let root: unknown;
  try {
    root = doc.toJS({ maxAliasCount: 0 });
  } catch (err) {
    return `not a generated template: ${(err as Error).message.split('\n')[0]}`;
  }
  if (!isRecord(root) || Object.keys(root).join() !== 'Resources' || !isRecord(root.Resources)) {
    return 'not a generated template: expected only a Resources map';
  }
  const wanted = new Set(rules);
  const seen = new Set<string>();
  for (const [logicalId, resource] of Object.entries(root.Resources)) {
    const where = `resource ${logicalId}`;
    if (!isRecord(resource) || resource.Type !== 'AWS::Config::ConfigRule' || !isRecord(resource.Properties))
      return `${where}: only AWS::Config::ConfigRule resources with Properties are generated`;
    if (Object.keys(resource).some((k) => k !== 'Type' && k !== 'Properties'))
      return `${where}: only Type and Properties are generated`;
    const p = resource.Properties;
    const extra = Object.keys(p).find((k) => !RULE_PROPERTIES.has(k));
    if (extra) return `${where}: property ${extra} is never generated`;
    const source = p.Source;
    if (!isRecord(source) || source.Owner !== 'AWS' || Object.keys(source).length !== 2)
      return `${where}: Source must be an AWS managed rule (Owner: AWS, SourceIdentifier)`;
    const id = source.SourceIdentifier;
    if (typeof id !== 'string' || !wanted.has(id)) return `${where}: rule ${String(id)} is not in packs.json`;
    if (seen.has(id)) return `${where}: rule ${id} appears twice`;
    seen.add(id);
    if (logicalId !== logicalIdOf(id) || p.ConfigRuleName !== ruleNameOf(id))
      return `${where}: not the logical id and rule name generated for ${id}`;
    if (p.Scope !== undefined && !isScope(p.Scope)) return `${where}: Scope holds more than resource types`;
    if (
      p.InputParameters !== undefined &&
      !(isRecord(p.InputParameters) && Object.values(p.InputParameters).every((v) => typeof v === 'string'))
    )
      return `${where}: InputParameters must map names to strings`;
  }
  const absent = rules.filter((r) => !seen.has(r));
  if (absent.length) return `rules in packs.json missing from the template: ${absent.join(', ')}`;
  return undefined;
}

function isScope(v: unknown): boolean {
  return (
    isRecord(v) &&
    Object.keys(v).join() === 'ComplianceResourceTypes' &&
    Array.isArray(v.ComplianceResourceTypes) &&
    v.ComplianceResourceTypes.every((t) => typeof t === 'string')
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
