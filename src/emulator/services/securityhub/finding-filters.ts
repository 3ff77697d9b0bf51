// AwsSecurityFindingFilters as Security Hub applies them, for the fields the emulator serves: fields are joined
// by AND; on one field EQUALS/PREFIX/CONTAINS are joined by OR and NOT_EQUALS/PREFIX_NOT_EQUALS/NOT_CONTAINS by
// AND; EQUALS with a negative comparison, or CONTAINS with NOT_CONTAINS, on the same field is an error.

import { AwsServiceError } from '../../service-error.js';
import type { Finding } from './securityhub-state.js';

interface StringFilter {
  Value?: string;
  Comparison?: string;
}
interface DateFilter {
  Start?: string;
  End?: string;
  DateRange?: { Value?: number; Unit?: string };
}

/** The string fields served, and how each is read from a finding. */
const STRING_FIELDS: Record<string, (f: Finding) => string | undefined> = {
  Id: (f) => f.Id,
  AwsAccountId: (f) => f.AwsAccountId,
  Region: (f) => f.Region,
  ProductName: (f) => f.ProductName,
  RecordState: (f) => f.RecordState,
  WorkflowStatus: (f) => f.Workflow.Status,
  SeverityLabel: (f) => f.Severity.Label,
  ResourceType: (f) => f.Resources[0]?.Type,
  ResourceId: (f) => f.Resources[0]?.Id,
  ComplianceStatus: (f) => f.Compliance?.Status,
  ComplianceSecurityControlId: (f) => f.Compliance?.SecurityControlId,
};
const DATE_FIELDS: Record<string, (f: Finding) => string> = {
  CreatedAt: (f) => f.CreatedAt,
  UpdatedAt: (f) => f.UpdatedAt,
};

const POSITIVE = new Set(['EQUALS', 'PREFIX', 'CONTAINS']);

/** A predicate for `filters`, or an InvalidInputException for a combination AWS refuses or a field not served. */
export function findingPredicate(filters: Record<string, unknown>, now: Date): (f: Finding) => boolean {
  const tests: ((f: Finding) => boolean)[] = [];
  const used = Object.entries(filters).filter(([, v]) => Array.isArray(v) && v.length > 0);
  // AWS: "You can filter by up to 10 finding attributes. For each attribute, you can provide up to 20 filter values."
  if (used.length > 10) throw invalid(`Filters name ${used.length} attributes; at most 10 are allowed`);
  for (const [field, value] of used) {
    if ((value as unknown[]).length > 20)
      throw invalid(`Filter ${field} has ${(value as unknown[]).length} values; at most 20 are allowed`);
  }
  for (const [field, value] of Object.entries(filters)) {
    if (!Array.isArray(value) || value.length === 0) continue;
    const read = STRING_FIELDS[field];
    const date = DATE_FIELDS[field];
    if (read) tests.push(stringTest(field, value as StringFilter[], read));
    else if (date) tests.push(dateTest(field, value as DateFilter[], date, now));
    else
      throw new AwsServiceError(
        'InvalidInputException',
        `The emulator does not implement the finding filter ${field} (it serves ${[...Object.keys(STRING_FIELDS), ...Object.keys(DATE_FIELDS)].join(', ')})`,
        { fields: { Code: 'InvalidInputException' } },
      );
  }
  return (f) => tests.every((t) => t(f));
}

function stringTest(field: string, filters: StringFilter[], read: (f: Finding) => string | undefined) {
  const comparisons = new Set(filters.map((x) => x.Comparison ?? 'EQUALS'));
  const refused =
    (comparisons.has('EQUALS') && (comparisons.has('NOT_EQUALS') || comparisons.has('PREFIX_NOT_EQUALS'))) ||
    (comparisons.has('CONTAINS') && comparisons.size > 1) ||
    (comparisons.has('NOT_CONTAINS') && comparisons.size > 1);
  if (refused) {
    throw new AwsServiceError(
      'InvalidInputException',
      `Invalid filter combination for ${field}: ${[...comparisons].sort().join(', ')}`,
      { fields: { Code: 'InvalidInputException' } },
    );
  }
  const positive = filters.filter((x) => POSITIVE.has(x.Comparison ?? 'EQUALS'));
  const negative = filters.filter((x) => !POSITIVE.has(x.Comparison ?? 'EQUALS'));
  return (f: Finding) => {
    const v = read(f);
    // A finding without the field matches no positive filter and every negative one.
    if (positive.length && (v === undefined || !positive.some((x) => compare(v, x)))) return false;
    return negative.every((x) => v === undefined || compare(v, x));
  };
}

function compare(v: string, x: StringFilter): boolean {
  const want = x.Value ?? '';
  switch (x.Comparison ?? 'EQUALS') {
    case 'EQUALS':
      return v === want;
    case 'PREFIX':
      return v.startsWith(want);
    case 'CONTAINS':
      return v.includes(want);
    case 'NOT_EQUALS':
      return v !== want;
    case 'PREFIX_NOT_EQUALS':
      return !v.startsWith(want);
    case 'NOT_CONTAINS':
      return !v.includes(want);
    default:
      return false;
  }
}

function dateTest(field: string, filters: DateFilter[], read: (f: Finding) => string, now: Date) {
  const ranges = filters.map((x) => {
    if (x.DateRange) {
      if (x.DateRange.Unit !== 'DAYS' || typeof x.DateRange.Value !== 'number')
        throw invalid(`${field}.DateRange needs Value and Unit DAYS`);
      return { start: now.getTime() - x.DateRange.Value * 86_400_000, end: now.getTime() };
    }
    const start = x.Start === undefined ? -Infinity : Date.parse(x.Start);
    const end = x.End === undefined ? Infinity : Date.parse(x.End);
    if (Number.isNaN(start) || Number.isNaN(end))
      throw invalid(`${field} has a Start or End that is not a timestamp`);
    if (x.Start === undefined && x.End === undefined) throw invalid(`${field} needs Start, End or DateRange`);
    return { start, end };
  });
  // Date filters on one field are joined by OR, like positive string filters.
  return (f: Finding) => {
    const t = Date.parse(read(f));
    return ranges.some((r) => t >= r.start && t <= r.end);
  };
}

function invalid(message: string): AwsServiceError {
  return new AwsServiceError('InvalidInputException', message, { fields: { Code: 'InvalidInputException' } });
}
