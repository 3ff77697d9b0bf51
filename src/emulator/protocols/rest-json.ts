// restJson1 (Audit Manager, Artifact): the operation comes from method + URI (`smithy.api#http`); input
// members bind to path labels, query parameters, headers or the JSON body; errors carry `x-amzn-errortype`.

import { formatTimestamp, shapeToJson } from '../model/shape-to-json.js';
import type { OperationInfo, Shape, ShapeRef, SmithyModel } from '../model/smithy-model.js';
import { CommonServiceError } from '../service-error.js';
import { HttpRoutes } from './http-routes.js';
import type { ProtocolAdapter } from './protocol-adapter.js';
import { coerceScalar, type EmulatorRequest, header, type ResolvedError, type WireResponse } from './wire.js';

export class RestJsonProtocol implements ProtocolAdapter {
  private readonly routes: HttpRoutes;

  constructor(private readonly model: SmithyModel) {
    this.routes = new HttpRoutes(model);
  }

  operationName(req: EmulatorRequest): string | undefined {
    return this.routes.match(req)?.route.op.name;
  }

  decode(req: EmulatorRequest, op: OperationInfo): Record<string, unknown> {
    const matched = this.routes.match(req);
    const labels = matched?.route.op.name === op.name ? matched.labels : {};
    const shape = this.model.shape(op.input);
    const query = new URLSearchParams(req.query);
    const out: Record<string, unknown> = {};
    let payloadMember: [string, ShapeRef] | undefined;
    let hasBodyMembers = false;
    for (const [name, ref] of Object.entries(shape.members ?? {})) {
      const t = ref.traits ?? {};
      const target = this.model.shape(ref.target);
      if (t['smithy.api#httpLabel'] !== undefined) {
        if (labels[name] !== undefined) out[name] = coerceScalar(target.type, labels[name]);
      } else if (typeof t['smithy.api#httpQuery'] === 'string') {
        const values = query.getAll(t['smithy.api#httpQuery']);
        if (values.length === 0) continue;
        out[name] = isList(target)
          ? values.map((v) => coerceScalar(this.model.shape((target.member as ShapeRef).target).type, v))
          : coerceScalar(target.type, values[0] as string);
      } else if (typeof t['smithy.api#httpHeader'] === 'string') {
        const v = header(req, t['smithy.api#httpHeader']);
        if (v === undefined) continue;
        out[name] = isList(target)
          ? v
              .split(',')
              .map((s) => coerceScalar(this.model.shape((target.member as ShapeRef).target).type, s.trim()))
          : coerceScalar(target.type, v);
      } else if (t['smithy.api#httpQueryParams'] !== undefined) {
        out[name] = Object.fromEntries(query.entries());
      } else if (t['smithy.api#httpPayload'] !== undefined) {
        payloadMember = [name, ref];
      } else {
        hasBodyMembers = true;
      }
    }
    if (payloadMember) {
      const [name, ref] = payloadMember;
      const target = this.model.shape(ref.target);
      if (req.body.length > 0) {
        out[name] =
          target.type === 'structure' || target.type === 'union'
            ? parseJson(req.body)
            : req.body.toString('utf8');
      }
    } else if (hasBodyMembers && req.body.length > 0) {
      const body = parseJson(req.body);
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const key =
          typeof ref.traits?.['smithy.api#jsonName'] === 'string' ? ref.traits['smithy.api#jsonName'] : name;
        if (body[key] !== undefined && out[name] === undefined) out[name] = body[key];
      }
    }
    return out;
  }

  encode(op: OperationInfo, output: unknown, requestId: string): WireResponse {
    const shape = this.model.shape(op.output);
    const headers: Record<string, string> = {
      'x-amzn-requestid': requestId,
      'content-type': 'application/json',
    };
    let status = op.http?.code ?? 200;
    const source = (output ?? {}) as Record<string, unknown>;
    let payload: string | Buffer | undefined;
    for (const [name, ref] of Object.entries(shape.members ?? {})) {
      const t = ref.traits ?? {};
      const v = source[name];
      if (v === undefined || v === null) continue;
      if (typeof t['smithy.api#httpHeader'] === 'string') {
        const target = this.model.shape(ref.target);
        headers[t['smithy.api#httpHeader'].toLowerCase()] =
          target.type === 'timestamp' ? String(formatTimestamp(v, 'http-date')) : String(v);
      } else if (t['smithy.api#httpResponseCode'] !== undefined && typeof v === 'number') {
        status = v;
      } else if (t['smithy.api#httpPayload'] !== undefined) {
        const target = this.model.shape(ref.target);
        if (target.type === 'structure' || target.type === 'union') {
          payload = JSON.stringify(shapeToJson(this.model, ref.target, v, jsonOptions));
        } else {
          payload = v instanceof Uint8Array ? Buffer.from(v) : String(v);
          headers['content-type'] = target.type === 'blob' ? 'application/octet-stream' : 'text/plain';
        }
      }
    }
    const body = payload ?? JSON.stringify(shapeToJson(this.model, op.output, source, jsonOptions) ?? {});
    return { status, headers, body };
  }

  encodeError(error: ResolvedError, requestId: string): WireResponse {
    return {
      status: error.status,
      headers: {
        'content-type': 'application/json',
        'x-amzn-requestid': requestId,
        'x-amzn-errortype': error.code,
      },
      body: JSON.stringify({ message: error.message, ...error.fields }),
    };
  }
}

const jsonOptions = { timestampFormat: 'epoch-seconds', useJsonName: true } as const;

function isList(shape: Shape): boolean {
  return shape.type === 'list' || shape.type === 'set';
}

function parseJson(body: Buffer): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(body.toString('utf8'));
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw new CommonServiceError('serialization', 'Unable to parse the request body as a JSON object');
}
