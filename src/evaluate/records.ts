// Small helpers for reading evidence records inside evaluators.

import type { EvidenceRecord } from '../core/evidence-record.js';
import type { ResourceRef } from '../core/finding.js';

/** Records of one operation, in collection order. */
export function byOperation(records: readonly EvidenceRecord[], operation: string): EvidenceRecord[] {
  return records.filter((r) => r.operation === operation);
}

/** The first failed record among `records`, if any. */
export function firstError(records: readonly EvidenceRecord[]): EvidenceRecord | undefined {
  return records.find((r) => r.error !== undefined);
}

/** "AccessDenied: User is not authorized…" for a failed record. */
export function describeError(record: EvidenceRecord): string {
  const e = record.error;
  if (!e) return '';
  return `${record.service}:${record.operation} failed with ${e.code}${e.message ? `: ${e.message}` : ''}`;
}

/** Keep at most `max` resources (the count is reported separately). */
export function capResources(resources: ResourceRef[], max: number): ResourceRef[] {
  return resources.length > max ? resources.slice(0, max) : resources;
}

/** Read a nested member of an unknown response without trusting its shape. */
export function member(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

/** An array member, or an empty array when absent or not an array. */
export function arrayMember(value: unknown, key: string): unknown[] {
  const v = member(value, key);
  return Array.isArray(v) ? v : [];
}

/** A string member, or undefined. */
export function stringMember(value: unknown, key: string): string | undefined {
  const v = member(value, key);
  return typeof v === 'string' ? v : undefined;
}
