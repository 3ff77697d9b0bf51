// The emulator's request pipeline: pick the service, authenticate (SigV4, session token, expiry), apply
// faults and rate limits, decode and validate the input against the model, run the handler, encode the answer.

import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { authenticate, claimedScope } from './auth/authenticate.js';
import type { CredentialStore } from './auth/credential-store.js';
import { commonErrorCode } from './common-errors.js';
import type { FaultController, FaultDecision } from './faults/fault-controller.js';
import { summarizeProblems, validateInput } from './model/validate-input.js';
import type { PageTokens } from './page-tokens.js';
import type { EmulatorRequest, ResolvedError, WireResponse } from './protocols/wire.js';
import { pickService, type RegisteredService } from './registered-service.js';
import type { RequestLogEntry } from './request-log.js';
import type { OperationContext } from './service-definition.js';
import { AwsServiceError, CommonServiceError } from './service-error.js';
import type { WorldState } from './world/world-state.js';

export interface PipelineDeps {
  services: readonly RegisteredService[];
  world: WorldState;
  credentials: CredentialStore;
  faults: FaultController;
  tokens: PageTokens;
  clock: Clock;
  logger: Logger;
}

export interface PipelineResult {
  /** What to send; absent when the connection is to be reset. */
  response?: WireResponse;
  delayMs: number;
  entry: RequestLogEntry;
}

/** Answer one request. Never throws: every failure becomes an AWS-shaped error response. */
export async function handleRequest(req: EmulatorRequest, deps: PipelineDeps): Promise<PipelineResult> {
  const started = performance.now();
  const requestId = randomUUID();
  const scope = claimedScope(req);
  const service = pickService(req, scope, deps.services);
  const entry: RequestLogEntry = {
    time: deps.clock.now().toISOString(),
    requestId,
    service: service?.signingName ?? scope?.service ?? 'unknown',
    operation: '',
    accountId: '',
    region: scope?.region ?? '',
    status: 0,
    durationMs: 0,
  };
  if (scope) entry.accessKeyId = scope.accessKeyId;
  const agent = req.headers['x-amz-user-agent'] ?? req.headers['user-agent'];
  if (typeof agent === 'string') entry.userAgent = agent;
  const finish = (
    response: WireResponse | undefined,
    delayMs: number,
    errorCode?: string,
  ): PipelineResult => {
    entry.status = response?.status ?? 0;
    if (errorCode) entry.errorCode = errorCode;
    entry.durationMs = Math.round((performance.now() - started) * 1000) / 1000 + delayMs;
    return response ? { response, delayMs, entry } : { delayMs, entry };
  };

  if (!service) {
    const code = 'UnknownOperationException';
    const body = { __type: code, message: 'The request names no service or operation this endpoint serves.' };
    const headers = {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-requestid': requestId,
      'x-amzn-errortype': code,
    };
    return finish({ status: 400, headers, body: JSON.stringify(body) }, 0, code);
  }

  const { adapter, definition } = service;
  const opName = adapter.operationName(req);
  entry.operation = opName ?? '';
  let decision: FaultDecision = { delayMs: 0, reset: false };
  try {
    const { credential } = authenticate(req, deps.credentials, deps.clock, service.signingName !== 's3');
    const caller = credential.principal;
    entry.accountId = caller.accountId;
    decision = deps.faults.decide({
      service: service.signingName,
      operation: opName ?? '',
      accountId: caller.accountId,
      region: entry.region,
    });
    if (decision.reset) return finish(undefined, decision.delayMs, 'ConnectionReset');
    if (decision.failure) throw faultError(decision.failure, caller.arn, service.signingName, opName ?? '');

    const op = opName ? definition.model.operation(opName) : undefined;
    if (!op) {
      throw new CommonServiceError(
        'unknownOperation',
        opName
          ? `Operation ${opName} is not supported by ${definition.model.targetPrefix}.`
          : 'No operation named.',
      );
    }
    const input = adapter.decode(req, op);
    const problems = validateInput(definition.model, op.input, input);
    const typeProblem = problems.find((p) => p.kind === 'type');
    if (typeProblem) {
      throw service.protocol === 'awsQuery'
        ? new CommonServiceError('validation', summarizeProblems([typeProblem]))
        : new CommonServiceError('serialization', typeProblem.message);
    }
    if (problems.length) {
      throw (
        definition.validationError?.(problems) ??
        new CommonServiceError('validation', summarizeProblems(problems))
      );
    }
    const handler = definition.handlers[op.name];
    if (!handler) {
      throw new CommonServiceError(
        'notImplemented',
        `The Evidentia emulator does not implement ${definition.model.targetPrefix}.${op.name}.`,
      );
    }
    const ctx: OperationContext = {
      requestId,
      service: service.signingName,
      operation: op.name,
      caller,
      accessKeyId: credential.accessKeyId,
      region: entry.region,
      world: deps.world,
      clock: deps.clock,
      tokens: deps.tokens,
      credentials: deps.credentials,
      logger: deps.logger,
    };
    const output = await handler(input, ctx);
    return finish(adapter.encode(op, output, requestId), decision.delayMs);
  } catch (err) {
    const error = resolveError(service, err, deps.logger);
    return finish(adapter.encodeError(error, requestId), decision.delayMs, error.code);
  }
}

function faultError(
  failure: NonNullable<FaultDecision['failure']>,
  callerArn: string,
  service: string,
  operation: string,
): CommonServiceError {
  const { spec } = failure;
  switch (failure.kind) {
    case 'throttle':
      return new CommonServiceError('throttling', spec.message ?? 'Rate exceeded');
    case 'error':
      return spec.status === 503
        ? new CommonServiceError(
            'serviceUnavailable',
            spec.message ?? 'Service is unavailable. Please retry.',
          )
        : new CommonServiceError(
            'internalFailure',
            spec.message ?? 'We encountered an internal error. Please try again.',
          );
    case 'access-denied':
      return new CommonServiceError(
        'accessDenied',
        spec.message ?? `User: ${callerArn} is not authorized to perform: ${service}:${operation}`,
      );
    case 'expired-token':
      return new CommonServiceError(
        'expiredToken',
        spec.message ?? 'The security token included in the request is expired',
      );
  }
}

/** Code, status, message and extra fields for whatever was thrown. */
function resolveError(service: RegisteredService, err: unknown, logger: Logger): ResolvedError {
  const { model } = service.definition;
  if (err instanceof AwsServiceError) {
    const shapeId = model.errorShapeId(err.code);
    const status = err.status ?? modelledStatus(service, shapeId) ?? (err.fault === 'server' ? 500 : 400);
    return withShape(
      { code: err.code, status, message: err.message, fault: err.fault, fields: err.fields },
      shapeId,
    );
  }
  if (err instanceof CommonServiceError) {
    const base = commonErrorCode(service.protocol, err.condition);
    const code = service.definition.errors?.[err.condition] ?? base.code;
    const shapeId = model.errorShapeId(code);
    const status = modelledStatus(service, shapeId) ?? base.status;
    return withShape(
      { code, status, message: err.message, fault: status >= 500 ? 'server' : 'client', fields: err.fields },
      shapeId,
    );
  }
  logger.error({ err }, 'emulator handler failed');
  const base = commonErrorCode(service.protocol, 'internalFailure');
  return {
    code: base.code,
    status: base.status,
    message: 'Internal failure in the emulator.',
    fault: 'server',
    fields: {},
  };
}

function withShape(error: ResolvedError, shapeId: string | undefined): ResolvedError {
  return shapeId ? { ...error, shapeId } : error;
}

function modelledStatus(service: RegisteredService, shapeId: string | undefined): number | undefined {
  if (!shapeId) return undefined;
  const traits = service.definition.model.shape(shapeId).traits ?? {};
  const http = traits['smithy.api#httpError'];
  if (typeof http === 'number') return http;
  const query = traits['aws.protocols#awsQueryError'] as { httpResponseCode?: number } | undefined;
  return query?.httpResponseCode;
}
