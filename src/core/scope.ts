// Where a piece of evidence or a verdict applies: one account in one region.

/** Region value for answers that are not regional (Artifact, Organizations, IAM's pseudo-region). */
export const GLOBAL_REGION = 'global';
/** Account value for answers about the whole organisation rather than one account (manual attestations). */
export const ORGANIZATION_ACCOUNT = 'organization';

export interface Scope {
  accountId: string;
  region: string;
}

/** Stable text key for a scope, e.g. `111111111111/us-east-1`. */
export function scopeKey(scope: Scope): string {
  return `${scope.accountId}/${scope.region}`;
}
