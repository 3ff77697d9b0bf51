// What AWS documents about an imported finding that the Smithy model does not carry (its strings are only
// `NonEmptyString`): field lengths, list sizes and BatchImportFindings' batch limits. Sources: the
// AwsSecurityFinding API reference, the ASFF "Resources" and "Other" pages, and the partner guide's
// "Guidelines for using the BatchImportFindings API" (docs/evidence-sources.md quotes them).

/** ASFF version every finding declares (the only one Security Hub accepts). */
export const ASFF_SCHEMA_VERSION = '2018-10-08';

/** Documented length limits, in characters, of the fields Evidentia fills. */
export const ASFF_LENGTH = {
  Id: 512,
  GeneratorId: 512,
  Title: 256,
  Description: 1024,
  /** Compliance.StatusReasons[].Description: no limit is published; held to Description's. */
  StatusReasonDescription: 1024,
  ProductFieldKey: 128,
  ProductFieldValue: 2048,
  ResourceType: 256,
  ResourceRegion: 16,
} as const;

/** ProductFields holds at most 50 pairs; Resources at most 32 resources. */
export const ASFF_PRODUCT_FIELDS_MAX = 50;
export const ASFF_RESOURCES_MAX = 32;

/** BatchImportFindings: at most 100 findings a request, 240 KB a finding, 6 MB a request. */
export const IMPORT_BATCH_MAX = 100;
export const IMPORT_FINDING_BYTES_MAX = 240 * 1024;
export const IMPORT_REQUEST_BYTES_MAX = 6 * 1024 * 1024;

/** `text` cut to `max` code units, ending in an ellipsis when cut (never splitting a surrogate pair). */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}
