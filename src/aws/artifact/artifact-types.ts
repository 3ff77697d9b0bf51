// The AWS Artifact API as our client exposes it: inputs and outputs of the operations Evidentia uses, typed
// from the Smithy model (reference/aws-models/artifact.json). Timestamps arrive as Date, like the SDK's.

/** What every answer carries besides its body, shaped like the SDK's `$metadata`. */
export interface ArtifactResponseMetadata {
  httpStatusCode?: number;
  requestId?: string;
  /** Attempts made, 1 = no retry. */
  attempts?: number;
  totalRetryDelay?: number;
}

export type PublishedState = 'PUBLISHED' | 'UNPUBLISHED';
export type UploadState = 'PROCESSING' | 'COMPLETE' | 'FAILED' | 'FAULT';
export type AcceptanceType = 'PASSTHROUGH' | 'EXPLICIT';
export type CustomerAgreementState = 'ACTIVE' | 'CUSTOMER_TERMINATED' | 'AWS_TERMINATED';
export type AgreementType = 'CUSTOM' | 'DEFAULT' | 'MODIFIED';

/** One entry of ListReports. */
export interface ReportSummary {
  id?: string;
  name?: string;
  state?: PublishedState | string;
  arn?: string;
  version?: number;
  uploadState?: UploadState | string;
  description?: string;
  periodStart?: Date;
  periodEnd?: Date;
  series?: string;
  category?: string;
  companyName?: string;
  productName?: string;
  statusMessage?: string;
  acceptanceType?: AcceptanceType | string;
}

/** GetReportMetadata's `reportDetails`. */
export interface ReportDetail extends ReportSummary {
  createdAt?: Date;
  lastModifiedAt?: Date;
  deletedAt?: Date;
  termArn?: string;
  sequenceNumber?: number;
}

/** One entry of ListCustomerAgreements. */
export interface CustomerAgreementSummary {
  name?: string;
  arn?: string;
  id?: string;
  agreementArn?: string;
  awsAccountId?: string;
  organizationArn?: string;
  effectiveStart?: Date;
  effectiveEnd?: Date;
  state?: CustomerAgreementState | string;
  description?: string;
  acceptanceTerms?: string[];
  terminateTerms?: string[];
  type?: AgreementType | string;
}

export interface ListReportsInput {
  /** 1-300. */
  maxResults?: number;
  nextToken?: string;
}
export interface ListReportsOutput {
  reports?: ReportSummary[];
  nextToken?: string;
}

export interface ReportVersionInput {
  /** `report-` followed by 16 letters or digits. */
  reportId: string;
  reportVersion?: number;
}
export interface GetReportMetadataOutput {
  reportDetails?: ReportDetail;
}
export interface GetTermForReportOutput {
  documentPresignedUrl?: string;
  termToken?: string;
}
export interface GetReportInput extends ReportVersionInput {
  /** From GetTermForReport: accepting the term is what unlocks the document. */
  termToken: string;
}
export interface GetReportOutput {
  documentPresignedUrl?: string;
}

export interface ListCustomerAgreementsInput {
  maxResults?: number;
  nextToken?: string;
}
export interface ListCustomerAgreementsOutput {
  customerAgreements: CustomerAgreementSummary[];
  nextToken?: string;
}

/** A document fetched from a presigned URL and written to disk. */
export interface DownloadedDocument {
  bytes: number;
  sha256: string;
  contentType: string;
}

/** An answer with its metadata, as every SDK command resolves. */
export type WithMetadata<T> = T & { $metadata: ArtifactResponseMetadata };
