// Read the Config rules out of a conformance pack template (YAML or JSON), as AWS Config validates it before
// deploying: only `AWS::Config::ConfigRule` and `AWS::Config::RemediationConfiguration` resources, and (in the
// emulator) only AWS managed rules it knows. A template AWS would refuse is ConformancePackTemplateValidationException.

import { parse } from 'yaml';
import { AwsServiceError } from '../../service-error.js';
import { knownManagedRules } from '../../world/managed-rule-names.js';

/** One rule a template deploys. */
export interface TemplateRule {
  /** The rule name the template gives (AWS appends `-conformance-pack-<suffix>` when it deploys it). */
  name: string;
  identifier: string;
  /** `Scope.ComplianceResourceTypes`; absent when the template gives no scope. */
  resourceTypes?: string[];
  /** `InputParameters` as AWS stores them: JSON text of string values. */
  inputParameters: string;
}

const RESOURCE_TYPES = new Set(['AWS::Config::ConfigRule', 'AWS::Config::RemediationConfiguration']);

function invalid(message: string): AwsServiceError {
  return new AwsServiceError('ConformancePackTemplateValidationException', message);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The template's rules, in template order; throws ConformancePackTemplateValidationException. */
export function templateRules(body: string): TemplateRule[] {
  let doc: unknown;
  try {
    doc = parse(body, { strict: true, uniqueKeys: true });
  } catch (err) {
    throw invalid(
      `Template format error: ${err instanceof Error ? err.message.split('\n')[0] : 'unreadable'}`,
    );
  }
  if (!isRecord(doc) || !isRecord(doc.Resources) || Object.keys(doc.Resources).length === 0) {
    throw invalid('Template format error: At least one Resources member must be defined.');
  }
  const known = new Set(knownManagedRules());
  const rules: TemplateRule[] = [];
  const names = new Set<string>();
  for (const [logicalId, res] of Object.entries(doc.Resources)) {
    if (!/^[A-Za-z0-9]{1,255}$/.test(logicalId)) {
      throw invalid(`Template format error: Resource name ${logicalId} is non alphanumeric.`);
    }
    if (!isRecord(res) || typeof res.Type !== 'string' || !RESOURCE_TYPES.has(res.Type)) {
      throw invalid(
        `Resource ${logicalId}: only AWS::Config::ConfigRule and AWS::Config::RemediationConfiguration are allowed in a conformance pack.`,
      );
    }
    if (res.Type !== 'AWS::Config::ConfigRule') continue;
    const props = isRecord(res.Properties) ? res.Properties : {};
    const source = isRecord(props.Source) ? props.Source : {};
    const identifier = source.SourceIdentifier;
    if (source.Owner !== 'AWS' || typeof identifier !== 'string') {
      throw invalid(`Resource ${logicalId}: the emulator deploys AWS managed rules only (Source.Owner AWS).`);
    }
    if (!known.has(identifier)) {
      throw invalid(`Resource ${logicalId}: ${identifier} is not an AWS Config managed rule identifier.`);
    }
    const name = typeof props.ConfigRuleName === 'string' ? props.ConfigRuleName : logicalId;
    if (!/^[A-Za-z0-9_.-]{1,128}$/.test(name) || names.has(name)) {
      throw invalid(`Resource ${logicalId}: ConfigRuleName '${name}' is not a valid, unique rule name.`);
    }
    names.add(name);
    const rule: TemplateRule = { name, identifier, inputParameters: inputParametersOf(logicalId, props) };
    const scope = isRecord(props.Scope) ? props.Scope.ComplianceResourceTypes : undefined;
    if (scope !== undefined) {
      if (!Array.isArray(scope) || !scope.every((t) => typeof t === 'string')) {
        throw invalid(
          `Resource ${logicalId}: Scope.ComplianceResourceTypes must be a list of resource types.`,
        );
      }
      rule.resourceTypes = scope as string[];
    }
    rules.push(rule);
  }
  return rules;
}

function inputParametersOf(logicalId: string, props: Record<string, unknown>): string {
  const p = props.InputParameters;
  if (p === undefined) return '{}';
  if (!isRecord(p)) throw invalid(`Resource ${logicalId}: InputParameters must be a map.`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(p).sort(([a], [b]) => (a < b ? -1 : 1))) out[k] = String(v);
  return JSON.stringify(out);
}
