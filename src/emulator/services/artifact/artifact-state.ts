// Reading the world's `artifact:` section as Artifact answers it: report and agreement records with their
// times resolved against the world's time, ids and ARNs derived, and who can see which agreement.

import { createHash } from 'node:crypto';
import type { WorldState } from '../../world/world-state.js';
import type { ArtifactAgreementSpec, ArtifactReportSpec, ArtifactWorld } from './artifact-world.js';
import { resolveWorldTime } from './world-time.js';

export const ARTIFACT_REGION = 'us-east-1';

/** The world's Artifact section (empty when the world has none). */
export function artifactWorld(world: WorldState): ArtifactWorld {
  return (
    (world.world as { artifact?: ArtifactWorld }).artifact ?? {
      reports: [],
      agreements: [],
      documentUrlSeconds: 300,
    }
  );
}

/** A report as ListReports / GetReportMetadata describe it. */
export function reportRecord(spec: ArtifactReportSpec, world: WorldState) {
  const at = (v: string | undefined) => (v === undefined ? undefined : resolveWorldTime(v, world.time));
  const created = at(spec.createdAt) ?? at(spec.periodEnd) ?? world.time;
  return {
    id: spec.id,
    name: spec.name,
    state: spec.state,
    arn: `arn:aws:artifact:${ARTIFACT_REGION}::report/${spec.id}:${spec.version}`,
    version: spec.version,
    uploadState: spec.uploadState,
    description: spec.description,
    periodStart: at(spec.periodStart),
    periodEnd: at(spec.periodEnd),
    series: spec.series,
    category: spec.category,
    companyName: spec.companyName,
    productName: spec.productName,
    acceptanceType: spec.acceptanceType,
    createdAt: created,
    lastModifiedAt: created,
    termArn: `arn:aws:artifact:${ARTIFACT_REGION}::term/term-${hash16(spec.id)}:${spec.version}`,
    sequenceNumber: spec.version,
  };
}

/** The agreements `accountId` sees: its own and its organisation's. */
export function visibleAgreements(world: WorldState, accountId: string): ArtifactAgreementSpec[] {
  const member = world.accounts.has(accountId);
  return artifactWorld(world).agreements.filter(
    (a) => a.account === accountId || (a.organization === true && member),
  );
}

/** An agreement as ListCustomerAgreements describes it. */
export function agreementRecord(spec: ArtifactAgreementSpec, world: WorldState) {
  const owner = spec.account ?? world.organization.managementAccountId;
  const scope = spec.account ?? 'organization';
  const id = spec.id ?? `customer-agreement-${hash16(`${spec.name}/${scope}`)}`;
  return {
    name: spec.name,
    arn: `arn:aws:artifact::${owner}:customer-agreement/${id}`,
    id,
    agreementArn: `arn:aws:artifact:::agreement/agreement-${hash16(spec.name)}`,
    awsAccountId: spec.account ?? owner,
    organizationArn: spec.organization ? world.organization.arn : undefined,
    effectiveStart: resolveWorldTime(spec.effectiveStart, world.time),
    effectiveEnd: spec.effectiveEnd ? resolveWorldTime(spec.effectiveEnd, world.time) : undefined,
    state: spec.state,
    description: spec.description,
    acceptanceTerms: ['Accepted through AWS Artifact (emulated)'],
    type: spec.type,
  };
}

/** 16 lower-case hex characters derived from `s` (stable ids). */
export function hash16(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 16);
}
