// Read Artifact's JSON answers into the typed shapes, keeping only modelled members and turning the model's
// `date-time` timestamps into Date, as the SDK's deserializers do. Unexpected shapes are dropped, never guessed.

import type {
  CustomerAgreementSummary,
  GetReportMetadataOutput,
  GetReportOutput,
  GetTermForReportOutput,
  ListCustomerAgreementsOutput,
  ListReportsOutput,
  ReportDetail,
  ReportSummary,
} from './artifact-types.js';

type Json = Record<string, unknown>;

const REPORT_STRINGS = [
  'id',
  'name',
  'state',
  'arn',
  'uploadState',
  'description',
  'series',
  'category',
  'companyName',
  'productName',
  'statusMessage',
  'acceptanceType',
] as const;
const REPORT_TIMES = ['periodStart', 'periodEnd'] as const;
const DETAIL_TIMES = ['createdAt', 'lastModifiedAt', 'deletedAt'] as const;

/** ListReports. */
export function readListReports(body: Json): ListReportsOutput {
  const out: ListReportsOutput = {};
  const reports = list(body.reports).map(readReportSummary);
  if (Array.isArray(body.reports)) out.reports = reports;
  const token = str(body.nextToken);
  if (token) out.nextToken = token;
  return out;
}

/** GetReportMetadata. */
export function readGetReportMetadata(body: Json): GetReportMetadataOutput {
  const d = obj(body.reportDetails);
  if (!d) return {};
  const detail: ReportDetail = readReportSummary(d);
  for (const k of DETAIL_TIMES) {
    const t = time(d[k]);
    if (t) detail[k] = t;
  }
  const termArn = str(d.termArn);
  if (termArn) detail.termArn = termArn;
  if (typeof d.sequenceNumber === 'number') detail.sequenceNumber = d.sequenceNumber;
  return { reportDetails: detail };
}

/** GetTermForReport. */
export function readGetTermForReport(body: Json): GetTermForReportOutput {
  const out: GetTermForReportOutput = {};
  const url = str(body.documentPresignedUrl);
  if (url) out.documentPresignedUrl = url;
  const token = str(body.termToken);
  if (token) out.termToken = token;
  return out;
}

/** GetReport. */
export function readGetReport(body: Json): GetReportOutput {
  const url = str(body.documentPresignedUrl);
  return url ? { documentPresignedUrl: url } : {};
}

/** ListCustomerAgreements (`customerAgreements` is required by the model; absent reads as empty). */
export function readListCustomerAgreements(body: Json): ListCustomerAgreementsOutput {
  const out: ListCustomerAgreementsOutput = {
    customerAgreements: list(body.customerAgreements).map(readAgreement),
  };
  const token = str(body.nextToken);
  if (token) out.nextToken = token;
  return out;
}

function readReportSummary(value: unknown): ReportSummary {
  const v = obj(value) ?? {};
  const out: ReportSummary = {};
  for (const k of REPORT_STRINGS) {
    const s = str(v[k]);
    if (s !== undefined) out[k] = s;
  }
  for (const k of REPORT_TIMES) {
    const t = time(v[k]);
    if (t) out[k] = t;
  }
  if (typeof v.version === 'number') out.version = v.version;
  return out;
}

function readAgreement(value: unknown): CustomerAgreementSummary {
  const v = obj(value) ?? {};
  const out: CustomerAgreementSummary = {};
  for (const k of [
    'name',
    'arn',
    'id',
    'agreementArn',
    'awsAccountId',
    'organizationArn',
    'state',
    'description',
    'type',
  ] as const) {
    const s = str(v[k]);
    if (s !== undefined) out[k] = s;
  }
  for (const k of ['effectiveStart', 'effectiveEnd'] as const) {
    const t = time(v[k]);
    if (t) out[k] = t;
  }
  for (const k of ['acceptanceTerms', 'terminateTerms'] as const) {
    if (Array.isArray(v[k])) out[k] = (v[k] as unknown[]).filter((x): x is string => typeof x === 'string');
  }
  return out;
}

function obj(v: unknown): Json | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}
function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
/** `date-time` (RFC 3339) is the model's format; epoch seconds are accepted too, as the SDK's parser does. */
function time(v: unknown): Date | undefined {
  if (typeof v === 'string') {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  if (typeof v === 'number' && Number.isFinite(v)) return new Date(v * 1000);
  return undefined;
}
