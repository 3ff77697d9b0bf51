// awsQuery (STS): form-encoded `Action=<Operation>&Version=...` in, XML out; errors as
// `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`.

import { formatTimestamp } from '../model/shape-to-json.js';
import type { OperationInfo, Shape, ShapeRef, SmithyModel } from '../model/smithy-model.js';
import type { ProtocolAdapter } from './protocol-adapter.js';
import { coerceScalar, type EmulatorRequest, header, type ResolvedError, type WireResponse } from './wire.js';

export class AwsQueryProtocol implements ProtocolAdapter {
  constructor(private readonly model: SmithyModel) {}

  operationName(req: EmulatorRequest): string | undefined {
    if (!isForm(req)) return undefined;
    return new URLSearchParams(req.body.toString('utf8')).get('Action') ?? undefined;
  }

  decode(req: EmulatorRequest, op: OperationInfo): Record<string, unknown> {
    const params = new Map<string, string>();
    for (const [k, v] of new URLSearchParams(req.body.toString('utf8'))) params.set(k, v);
    const shape = this.model.shape(op.input);
    const out = readStructure(this.model, shape, '', params);
    return out ?? {};
  }

  encode(op: OperationInfo, output: unknown, requestId: string): WireResponse {
    const result = writeStructure(this.model, this.model.shape(op.output), output ?? {});
    const ns = this.model.xmlNamespace ? ` xmlns="${this.model.xmlNamespace}"` : '';
    const body =
      `<${op.name}Response${ns}><${op.name}Result>${result}</${op.name}Result>` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${op.name}Response>`;
    return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
  }

  encodeError(error: ResolvedError, requestId: string): WireResponse {
    const ns = this.model.xmlNamespace ? ` xmlns="${this.model.xmlNamespace}"` : '';
    const type = error.fault === 'server' ? 'Receiver' : 'Sender';
    const body =
      `<ErrorResponse${ns}><Error><Type>${type}</Type><Code>${xml(error.code)}</Code>` +
      `<Message>${xml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
    return {
      status: error.status,
      headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
      body,
    };
  }
}

function isForm(req: EmulatorRequest): boolean {
  return (header(req, 'content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

/** The wire name of a member: its `xmlName` trait, else the member name. */
function wireName(name: string, ref: ShapeRef): string {
  const x = ref.traits?.['smithy.api#xmlName'];
  return typeof x === 'string' ? x : name;
}

function readStructure(
  model: SmithyModel,
  shape: Shape,
  prefix: string,
  params: Map<string, string>,
): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  let any = false;
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const key = `${prefix}${wireName(name, ref)}`;
    const v = readValue(model, ref, key, params);
    if (v !== undefined) {
      out[name] = v;
      any = true;
    }
  }
  return any || prefix === '' ? out : undefined;
}

function readValue(model: SmithyModel, ref: ShapeRef, key: string, params: Map<string, string>): unknown {
  const shape = model.shape(ref.target);
  switch (shape.type) {
    case 'structure':
    case 'union':
      return readStructure(model, shape, `${key}.`, params);
    case 'list':
    case 'set': {
      const flattened = ref.traits?.['smithy.api#xmlFlattened'] !== undefined;
      const member = shape.member as ShapeRef;
      const base = flattened ? key : `${key}.${wireName('member', member)}`;
      if (!flattened && params.get(key) === '') return [];
      const items: unknown[] = [];
      for (let i = 1; ; i++) {
        const v = readValue(model, member, `${base}.${i}`, params);
        if (v === undefined) break;
        items.push(v);
      }
      return items.length ? items : undefined;
    }
    case 'map': {
      const out: Record<string, unknown> = {};
      let any = false;
      for (let i = 1; ; i++) {
        const k = params.get(`${key}.entry.${i}.key`);
        if (k === undefined) break;
        out[k] = readValue(model, shape.value as ShapeRef, `${key}.entry.${i}.value`, params);
        any = true;
      }
      return any ? out : undefined;
    }
    default: {
      const raw = params.get(key);
      if (raw === undefined) return undefined;
      return coerceScalar(shape.type, raw);
    }
  }
}

export function writeStructure(model: SmithyModel, shape: Shape, value: unknown): string {
  if (value === null || typeof value !== 'object') return '';
  const source = value as Record<string, unknown>;
  let out = '';
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const v = source[name];
    if (v === undefined || v === null) continue;
    out += writeMember(model, wireName(name, ref), ref, v);
  }
  return out;
}

function writeMember(model: SmithyModel, name: string, ref: ShapeRef, value: unknown): string {
  const shape = model.shape(ref.target);
  if (shape.type === 'list' || shape.type === 'set') {
    if (!Array.isArray(value)) return '';
    const member = shape.member as ShapeRef;
    const flattened = ref.traits?.['smithy.api#xmlFlattened'] !== undefined;
    const items = value
      .map((v) => writeMember(model, flattened ? name : wireName('member', member), member, v))
      .join('');
    return flattened ? items : `<${name}>${items}</${name}>`;
  }
  return `<${name}>${writeInner(model, shape, ref, value)}</${name}>`;
}

function writeInner(model: SmithyModel, shape: Shape, ref: ShapeRef, value: unknown): string {
  switch (shape.type) {
    case 'structure':
    case 'union':
      return writeStructure(model, shape, value);
    case 'map': {
      if (value === null || typeof value !== 'object') return '';
      return Object.entries(value as Record<string, unknown>)
        .map(
          ([k, v]) =>
            `<entry><key>${xml(k)}</key>${writeMember(model, 'value', shape.value as ShapeRef, v)}</entry>`,
        )
        .join('');
    }
    case 'timestamp': {
      const format = (ref.traits?.['smithy.api#timestampFormat'] ??
        shape.traits?.['smithy.api#timestampFormat'] ??
        'date-time') as 'date-time' | 'epoch-seconds' | 'http-date';
      return xml(String(formatTimestamp(value, format) ?? ''));
    }
    case 'blob':
      return value instanceof Uint8Array ? Buffer.from(value).toString('base64') : xml(String(value));
    default:
      return xml(String(value));
  }
}

/** Escape text for an XML element. */
export function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
