// The validated, cross-checked catalogue that every later stage reads.

import type { EvidenceKind } from '../core/evidence-kind.js';
import type { LibraryQuery } from './schema/evidence-library-schema.js';
import type { EvidenceRef } from './schema/evidence-ref.js';
import type { ControlDef, FrameworkFile } from './schema/framework-schema.js';
import type { NotApplicableEntry, ProfileFile } from './schema/profile-schema.js';

export type {
  ArtifactAgreementQuery,
  ArtifactReportQuery,
  AuditManagerQuery,
  ConfigQueryQuery,
  ConfigRuleQuery,
  ConformancePackQuery,
  LibraryQuery,
  SecurityHubControlQuery,
  SecurityHubFindingsQuery,
} from './schema/evidence-library-schema.js';
export type { EvidenceRef, ManualEvidence } from './schema/evidence-ref.js';
export type { CollectionSettings, ProfileScope, SigningSettings } from './schema/profile-schema.js';

/** A file the catalogue was read from, hashed so the bundle can pin exactly what was used. */
export interface SourceFile {
  path: string;
  sha256: string;
}

export interface Control extends ControlDef {
  frameworkId: string;
}

export interface Framework extends Omit<FrameworkFile, 'controls'> {
  controls: Control[];
  source: SourceFile;
}

export interface Catalog {
  frameworks: ReadonlyMap<string, Framework>;
  /** Library queries by query key (`config-rule:ENCRYPTED_VOLUMES`, `config-query:rds-unencrypted`). */
  queries: ReadonlyMap<string, LibraryQuery>;
  managedRules: ReadonlySet<string>;
  sources: SourceFile[];
}

/** A control the profile declares not applicable (its Statement of Applicability), with its framework. */
export interface DeclaredNotApplicable extends NotApplicableEntry {
  frameworkId: string;
}

/** What the profile says about applicability: the entity it is per framework, and its declared exclusions. */
export interface ProfileApplicability {
  /** Framework id → the entity kind the organisation is for it (one of the framework's `entityKinds`). */
  entities: Record<string, string>;
  notApplicable: DeclaredNotApplicable[];
}

export interface Profile extends Omit<ProfileFile, 'controls' | 'frameworks'> {
  /** Framework ids, in the profile's order (entries written as `{ id, … }` are reduced to their id). */
  frameworks: string[];
  /** Entities and declared exclusions; absent means every control of every framework applies. */
  applicability?: ProfileApplicability;
  source: SourceFile;
  /** Folder of the profile file; relative paths in the profile resolve against it. */
  dir: string;
  /** The profile's own industry controls as a framework (`<id>-industry`), when it has any. */
  industryFramework?: Framework;
}

/** The key that identifies one evidence query across the whole catalogue. */
export function queryKeyOf(ref: EvidenceRef, control: Pick<Control, 'frameworkId' | 'id'>): string {
  switch (ref.kind) {
    case 'config-rule':
      return `config-rule:${ref.rule}`;
    case 'config-query':
      return `config-query:${ref.query}`;
    case 'conformance-pack':
      return `conformance-pack:${ref.pack}`;
    case 'audit-manager':
      return `audit-manager:${ref.query}`;
    case 'artifact-report':
      return `artifact-report:${ref.report}`;
    case 'artifact-agreement':
      return `artifact-agreement:${ref.agreement}`;
    case 'securityhub-control':
      return `securityhub-control:${ref.control}`;
    case 'securityhub-findings':
      return `securityhub-findings:${ref.query}`;
    case 'manual':
      return `manual:${control.frameworkId}:${control.id}`;
  }
}

/** The library key of a library query. */
export function libraryKey(q: Pick<LibraryQuery, 'kind' | 'id'>): string {
  return `${q.kind}:${q.id}`;
}

/** Split a query key into its kind and the rest. */
export function parseQueryKey(key: string): { kind: EvidenceKind; id: string } {
  const i = key.indexOf(':');
  return { kind: key.slice(0, i) as EvidenceKind, id: key.slice(i + 1) };
}
