// awsJson1_0 / awsJson1_1: `POST /` with `X-Amz-Target: <Service>.<Operation>`, JSON in and out, errors as
// `{"__type": code, "message": ...}` plus the `x-amzn-errortype` header.

import { shapeToJson } from '../model/shape-to-json.js';
import type { OperationInfo, SmithyModel } from '../model/smithy-model.js';
import { CommonServiceError } from '../service-error.js';
import type { ProtocolAdapter } from './protocol-adapter.js';
import { type EmulatorRequest, header, type ResolvedError, type WireResponse } from './wire.js';

export class AwsJsonProtocol implements ProtocolAdapter {
  private readonly contentType: string;

  constructor(private readonly model: SmithyModel) {
    this.contentType =
      model.protocol === 'awsJson1_0' ? 'application/x-amz-json-1.0' : 'application/x-amz-json-1.1';
  }

  operationName(req: EmulatorRequest): string | undefined {
    const target = header(req, 'x-amz-target');
    if (!target) return undefined;
    const dot = target.lastIndexOf('.');
    if (dot < 0 || target.slice(0, dot) !== this.model.targetPrefix) return undefined;
    return target.slice(dot + 1);
  }

  decode(req: EmulatorRequest): Record<string, unknown> {
    const text = req.body.toString('utf8').trim();
    if (text.length === 0) return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new CommonServiceError('serialization', 'Unable to parse the request body as JSON');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new CommonServiceError('serialization', 'Start of structure or map found where not expected.');
    }
    return parsed as Record<string, unknown>;
  }

  encode(op: OperationInfo, output: unknown, requestId: string): WireResponse {
    const body = shapeToJson(this.model, op.output, output ?? {}, {
      timestampFormat: 'epoch-seconds',
      useJsonName: false,
    });
    return {
      status: 200,
      headers: { 'content-type': this.contentType, 'x-amzn-requestid': requestId },
      body: JSON.stringify(body ?? {}),
    };
  }

  encodeError(error: ResolvedError, requestId: string): WireResponse {
    const messageKey = messageMember(this.model, error.shapeId);
    return {
      status: error.status,
      headers: {
        'content-type': this.contentType,
        'x-amzn-requestid': requestId,
        'x-amzn-errortype': error.code,
      },
      body: JSON.stringify({ __type: error.code, [messageKey]: error.message, ...error.fields }),
    };
  }
}

/** `Message` when the modelled error spells it that way (Organizations), else `message`. */
export function messageMember(model: SmithyModel, shapeId: string | undefined): string {
  if (!shapeId) return 'message';
  const members = model.shape(shapeId).members ?? {};
  return 'Message' in members && !('message' in members) ? 'Message' : 'message';
}
