// Object Lock rules as S3 applies them: when a version is protected, who may delete it, and which retention
// changes are allowed (COMPLIANCE only ever lengthens; GOVERNANCE yields to a caller with the bypass
// permission who sends x-amz-bypass-governance-retention: true).

import { lockedError, s3Error } from './s3-errors.js';
import type { BucketState, DefaultRetention, ObjectVersion, Retention } from './s3-store.js';

/** May this caller override GOVERNANCE retention on this bucket for this request? */
export function mayBypassGovernance(bucket: BucketState, callerArn: string, bypassHeader: unknown): boolean {
  return bypassHeader === true && bucket.governanceBypass.has(callerArn);
}

/** Throws AccessDenied when deleting this version is refused by its legal hold or retention. */
export function assertVersionDeletable(version: ObjectVersion, now: Date, bypass: boolean): void {
  if (version.deleteMarker) return;
  if (version.legalHold === 'ON') throw lockedError();
  const r = version.retention;
  if (!r || r.until.getTime() <= now.getTime()) return;
  if (r.mode === 'GOVERNANCE' && bypass) return;
  throw lockedError();
}

/** Throws AccessDenied when replacing `current` retention with `next` (undefined = remove) is not allowed. */
export function assertRetentionChange(
  current: Retention | undefined,
  next: Retention | undefined,
  now: Date,
  bypass: boolean,
): void {
  if (!current || current.until.getTime() <= now.getTime()) return;
  const weakens =
    next === undefined ||
    next.until.getTime() < current.until.getTime() ||
    (current.mode === 'COMPLIANCE' && next.mode === 'GOVERNANCE');
  if (!weakens) return;
  if (current.mode === 'GOVERNANCE' && bypass) return;
  throw lockedError();
}

/** Retention for a new object: the explicit headers, else the bucket's default rule, else none. */
export function retentionForNewObject(
  bucket: BucketState,
  mode: unknown,
  until: unknown,
  now: Date,
): Retention | undefined {
  if ((mode === undefined) !== (until === undefined)) {
    throw s3Error(
      'InvalidArgument',
      'x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied',
    );
  }
  if (mode !== undefined) {
    if (!bucket.objectLockEnabled)
      throw s3Error('InvalidRequest', 'Bucket is missing Object Lock Configuration');
    const date = new Date(String(until));
    if (date.getTime() <= now.getTime())
      throw s3Error('InvalidArgument', 'The retain until date must be in the future!');
    return { mode: mode as Retention['mode'], until: date };
  }
  return bucket.defaultRetention ? applyDefault(bucket.defaultRetention, now) : undefined;
}

function applyDefault(rule: DefaultRetention, now: Date): Retention {
  const until = new Date(now.getTime());
  if (rule.years) until.setUTCFullYear(until.getUTCFullYear() + rule.years);
  else until.setTime(until.getTime() + (rule.days ?? 0) * 86_400_000);
  return { mode: rule.mode, until };
}
