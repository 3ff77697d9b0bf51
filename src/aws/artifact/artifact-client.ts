// A small typed client for the AWS Artifact restJson1 API (the SDK has no Artifact package on our registry).
// It behaves like a generated client: SigV4 with @smithy/signature-v4, sent by the SDK's NodeHttpHandler,
// retried by the SDK's retry strategy (with the SDK's error classification), clock skew corrected from the
// server's Date header, each attempt passing through the run's call gate.

import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { Sha256 } from '@aws-crypto/sha256-js';
import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import { HttpRequest, type HttpResponse } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type {
  AwsCredentialIdentityProvider,
  RetryErrorInfo,
  RetryErrorType,
  RetryStrategyV2,
  RetryToken,
} from '@smithy/types';
import {
  readGetReport,
  readGetReportMetadata,
  readGetTermForReport,
  readListCustomerAgreements,
  readListReports,
} from './artifact-deserialize.js';
import {
  ARTIFACT_SIGNING_NAME,
  ARTIFACT_SIGNING_REGION,
  resolveArtifactEndpoint,
} from './artifact-endpoint.js';
import { parseArtifactError } from './artifact-errors.js';
import type {
  ArtifactResponseMetadata,
  DownloadedDocument,
  GetReportInput,
  GetReportMetadataOutput,
  GetReportOutput,
  GetTermForReportOutput,
  ListCustomerAgreementsInput,
  ListCustomerAgreementsOutput,
  ListReportsInput,
  ListReportsOutput,
  ReportVersionInput,
  WithMetadata,
} from './artifact-types.js';
import { DocumentDownloadError, streamToFile } from './download-document.js';

export interface ArtifactClientConfig {
  credentials: AwsCredentialIdentityProvider;
  /** The run's HTTP handler (shared; this client never destroys it). */
  requestHandler: NodeHttpHandler;
  /** The run's retry strategy, e.g. BudgetedRetryStrategy. */
  retryStrategy: RetryStrategyV2;
  maxAttempts: number;
  /** Explicit endpoint (the run's `--endpoint`); otherwise see resolveArtifactEndpoint. */
  endpoint?: string;
  /** Environment for endpoint variables; default process.env, read when the client is made. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Runs each HTTP attempt (the run's call gate); default: straight through. */
  gate?: <T>(attempt: () => Promise<T>) => Promise<T>;
  userAgent?: string;
}

export interface CallOptions {
  abortSignal?: AbortSignal;
}

/** Largest JSON answer accepted from the API (Artifact's are a few kilobytes). */
const MAX_API_BODY_BYTES = 8 * 1024 * 1024;
/** Largest report document accepted (AWS's reports are a few megabytes). */
export const MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;
/** The SDK corrects its clock when the server's differs by this much (awsAuthMiddleware). */
const SKEW_THRESHOLD_MS = 5 * 60_000;

type Json = Record<string, unknown>;

interface Attempted<T> {
  value: T;
  statusCode: number;
  requestId?: string;
}

export class ArtifactClient {
  readonly endpoint: URL;
  private readonly signer: SignatureV4;
  private readonly gate: <T>(attempt: () => Promise<T>) => Promise<T>;
  /** Milliseconds to add to the local clock when signing, learnt from the server's Date header. */
  private clockOffsetMs = 0;

  constructor(private readonly config: ArtifactClientConfig) {
    this.endpoint = resolveArtifactEndpoint(config.endpoint, config.env ?? process.env).url;
    this.signer = new SignatureV4({
      credentials: config.credentials,
      region: ARTIFACT_SIGNING_REGION,
      service: ARTIFACT_SIGNING_NAME,
      sha256: Sha256,
    });
    this.gate = config.gate ?? ((attempt) => attempt());
  }

  /** GET /v1/report/list: the reports AWS publishes (one page). */
  listReports(
    input: ListReportsInput = {},
    opts: CallOptions = {},
  ): Promise<WithMetadata<ListReportsOutput>> {
    return this.call('/v1/report/list', pageQuery(input), readListReports, opts);
  }

  /** GET /v1/report/getMetadata: one report's details (period, version, series, term). */
  getReportMetadata(
    input: ReportVersionInput,
    opts: CallOptions = {},
  ): Promise<WithMetadata<GetReportMetadataOutput>> {
    return this.call('/v1/report/getMetadata', versionQuery(input), readGetReportMetadata, opts);
  }

  /** GET /v1/report/getTermForReport: the term to accept and the token that proves acceptance. */
  getTermForReport(
    input: ReportVersionInput,
    opts: CallOptions = {},
  ): Promise<WithMetadata<GetTermForReportOutput>> {
    return this.call('/v1/report/getTermForReport', versionQuery(input), readGetTermForReport, opts);
  }

  /** GET /v1/report/get: a presigned URL of the report document (needs the term token). */
  getReport(input: GetReportInput, opts: CallOptions = {}): Promise<WithMetadata<GetReportOutput>> {
    return this.call(
      '/v1/report/get',
      { ...versionQuery(input), termToken: input.termToken },
      readGetReport,
      opts,
    );
  }

  /** GET /v1/customer-agreement/list: agreements accepted for this account or its organisation (one page). */
  listCustomerAgreements(
    input: ListCustomerAgreementsInput = {},
    opts: CallOptions = {},
  ): Promise<WithMetadata<ListCustomerAgreementsOutput>> {
    return this.call('/v1/customer-agreement/list', pageQuery(input), readListCustomerAgreements, opts);
  }

  /**
   * Fetch a presigned document URL (unsigned, as presigned URLs are) into `destination`, hashing as it
   * streams. Retried like an API call; a partial file is removed on failure.
   */
  async downloadDocument(
    url: string,
    destination: string,
    opts: CallOptions & { maxBytes?: number } = {},
  ): Promise<WithMetadata<DownloadedDocument>> {
    const target = new URL(url);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      throw new DocumentDownloadError('InvalidUrl', `not an http(s) URL: ${target.protocol}`, 0);
    }
    return this.withRetries(async () => {
      const request = new HttpRequest({
        method: 'GET',
        protocol: target.protocol,
        hostname: target.hostname,
        ...(target.port ? { port: Number(target.port) } : {}),
        path: target.pathname,
        query: Object.fromEntries(target.searchParams.entries()),
        headers: { host: target.host, 'user-agent': this.userAgent() },
      });
      const { response } = await this.config.requestHandler.handle(
        request,
        opts.abortSignal ? { abortSignal: opts.abortSignal } : {},
      );
      const requestId = header(response, 'x-amz-request-id') ?? header(response, 'x-amzn-requestid');
      if (response.statusCode >= 300) {
        const text = await readText(response, 64 * 1024).catch(() => '');
        throw DocumentDownloadError.fromResponse(response.statusCode, text, requestId);
      }
      try {
        const written = await streamToFile(response, destination, opts.maxBytes ?? MAX_DOCUMENT_BYTES);
        return {
          value: { ...written, contentType: header(response, 'content-type') ?? 'application/octet-stream' },
          statusCode: response.statusCode,
          ...(requestId ? { requestId } : {}),
        };
      } catch (err) {
        await rm(destination, { force: true });
        throw err;
      }
    }, opts.abortSignal);
  }

  private call<T>(
    path: string,
    query: Record<string, string>,
    read: (body: Json) => T,
    opts: CallOptions,
  ): Promise<WithMetadata<T>> {
    const invocationId = randomUUID();
    return this.withRetries(async (attempt) => {
      const base = this.endpoint.pathname.replace(/\/+$/, '');
      const request = new HttpRequest({
        method: 'GET',
        protocol: this.endpoint.protocol,
        hostname: this.endpoint.hostname,
        ...(this.endpoint.port ? { port: Number(this.endpoint.port) } : {}),
        path: `${base}${path}`,
        query,
        headers: {
          host: this.endpoint.host,
          'user-agent': this.userAgent(),
          'amz-sdk-invocation-id': invocationId,
          'amz-sdk-request': `attempt=${attempt}; max=${this.config.maxAttempts}`,
        },
      });
      const signed = (await this.signer.sign(request, {
        signingDate: new Date(Date.now() + this.clockOffsetMs),
      })) as HttpRequest;
      const { response } = await this.config.requestHandler.handle(
        signed,
        opts.abortSignal ? { abortSignal: opts.abortSignal } : {},
      );
      const requestId = header(response, 'x-amzn-requestid') ?? header(response, 'x-amz-request-id');
      const skewCorrected = this.learnClockSkew(header(response, 'date'));
      const text = await readText(response, MAX_API_BODY_BYTES);
      if (response.statusCode < 200 || response.statusCode >= 300) {
        const error = parseArtifactError(response, text, requestId);
        // The SDK's classification retries an error whose clock skew was just corrected.
        if (skewCorrected) (error.$metadata as { clockSkewCorrected?: boolean }).clockSkewCorrected = true;
        throw error;
      }
      return {
        value: read(parseJsonObject(text)),
        statusCode: response.statusCode,
        ...(requestId ? { requestId } : {}),
      };
    }, opts.abortSignal);
  }

  /** The SDK's retry loop (retryMiddleware): one token per call, the strategy decides and delays. */
  private async withRetries<T>(
    attempt: (attemptNumber: number) => Promise<Attempted<T>>,
    signal: AbortSignal | undefined,
  ): Promise<WithMetadata<T>> {
    const strategy = this.config.retryStrategy;
    let token: RetryToken = await strategy.acquireInitialRetryToken('');
    let attempts = 0;
    let totalRetryDelay = 0;
    while (true) {
      try {
        const done = await this.gate(() => attempt(attempts + 1));
        strategy.recordSuccess(token);
        const $metadata: ArtifactResponseMetadata = {
          httpStatusCode: done.statusCode,
          attempts: attempts + 1,
          totalRetryDelay,
          ...(done.requestId ? { requestId: done.requestId } : {}),
        };
        return { ...done.value, $metadata };
      } catch (err) {
        const error = withMetadata(err);
        if (signal?.aborted) throw error;
        try {
          token = await strategy.refreshRetryTokenForRetry(token, retryErrorInfo(error));
        } catch {
          error.$metadata.attempts = attempts + 1;
          error.$metadata.totalRetryDelay = totalRetryDelay;
          throw error;
        }
        attempts = token.getRetryCount();
        const delay = token.getRetryDelay();
        totalRetryDelay += delay;
        if (delay > 0) await sleep(delay, undefined, signal ? { signal } : {});
      }
    }
  }

  /** As the SDK does: adopt the server's clock when ours is more than five minutes off. */
  private learnClockSkew(dateHeader: string | undefined): boolean {
    if (!dateHeader) return false;
    const server = Date.parse(dateHeader);
    if (Number.isNaN(server)) return false;
    const local = Date.now() + this.clockOffsetMs;
    if (Math.abs(local - server) < SKEW_THRESHOLD_MS) return false;
    this.clockOffsetMs = server - Date.now();
    return true;
  }

  private userAgent(): string {
    return this.config.userAgent ?? 'evidentia artifact-client';
  }
}

interface ErrorWithMetadata extends Error {
  $metadata: {
    attempts?: number;
    totalRetryDelay?: number;
    httpStatusCode?: number;
    clockSkewCorrected?: boolean;
  };
  $response?: unknown;
}

function withMetadata(err: unknown): ErrorWithMetadata {
  const error = (err instanceof Error ? err : new Error(String(err))) as ErrorWithMetadata;
  if (!error.$metadata) error.$metadata = {};
  return error;
}

/** The SDK's classification (retryMiddleware's getRetryErrorType), so a 429 or 5xx is retried and a 403 is not. */
function retryErrorInfo(error: ErrorWithMetadata): RetryErrorInfo {
  const e = error as Parameters<typeof isThrottlingError>[0];
  const errorType: RetryErrorType = isThrottlingError(e)
    ? 'THROTTLING'
    : isTransientError(e)
      ? 'TRANSIENT'
      : isServerError(e)
        ? 'SERVER_ERROR'
        : 'CLIENT_ERROR';
  const info: RetryErrorInfo = { error: e, errorType };
  const retryAfter = retryAfterHint(error.$response);
  if (retryAfter) info.retryAfterHint = retryAfter;
  return info;
}

function retryAfterHint(response: unknown): Date | undefined {
  const headers = (response as { headers?: Record<string, string> } | undefined)?.headers;
  const value = headers?.['retry-after'];
  if (value === undefined || !/^\d+(\.\d+)?$/.test(value)) return undefined;
  return new Date(Date.now() + Number(value) * 1000);
}

function pageQuery(input: { maxResults?: number; nextToken?: string }): Record<string, string> {
  const q: Record<string, string> = {};
  if (input.maxResults !== undefined) q.maxResults = String(input.maxResults);
  if (input.nextToken !== undefined) q.nextToken = input.nextToken;
  return q;
}

function versionQuery(input: ReportVersionInput): Record<string, string> {
  const q: Record<string, string> = { reportId: input.reportId };
  if (input.reportVersion !== undefined) q.reportVersion = String(input.reportVersion);
  return q;
}

function header(response: HttpResponse, name: string): string | undefined {
  for (const [k, v] of Object.entries(response.headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

async function readText(response: HttpResponse, maxBytes: number): Promise<string> {
  const body = response.body as AsyncIterable<Uint8Array> | undefined;
  if (!body) return '';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) throw new Error(`Artifact answer larger than ${maxBytes} bytes`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJsonObject(text: string): Json {
  if (!text.trim()) return {};
  const value: unknown = JSON.parse(text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error('Artifact answered with JSON that is not an object');
  }
  return value as Json;
}
