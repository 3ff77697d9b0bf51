// restXml (S3): the operation comes from method + URI (`smithy.api#http`, path-style `/{Bucket}/{Key+}`);
// input members bind to labels, query, headers, `x-amz-meta-*` prefix headers or the payload (a blob, or an
// XML document); streaming uploads arrive `aws-chunked` with checksum trailers. Errors are a bare
// `<Error><Code/><Message/><RequestId/></Error>` (the model's `noErrorWrapping`).

import { formatTimestamp, type TimestampFormat } from '../model/shape-to-json.js';
import type { OperationInfo, Shape, ShapeRef, SmithyModel } from '../model/smithy-model.js';
import { AwsServiceError } from '../service-error.js';
import { AwsChunkedError, decodeAwsChunked } from './aws-chunked.js';
import { writeStructure, xml } from './aws-query.js';
import { HttpRoutes } from './http-routes.js';
import type { ProtocolAdapter } from './protocol-adapter.js';
import { coerceScalar, type EmulatorRequest, header, type ResolvedError, type WireResponse } from './wire.js';
import { parseXml, type XmlElement, XmlSyntaxError } from './xml-document.js';

/** Payload modes whose chunks carry their own signatures; the emulator does not verify those yet. */
const SIGNED_CHUNKS = ['STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER'];

export class RestXmlProtocol implements ProtocolAdapter {
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
    const { body, trailers } = readBody(req);
    const headerOf = (name: string) => header(req, name) ?? trailers[name.toLowerCase()];
    const shape = this.model.shape(op.input);
    const query = new URLSearchParams(req.query);
    const out: Record<string, unknown> = {};
    for (const [name, ref] of Object.entries(shape.members ?? {})) {
      const t = ref.traits ?? {};
      const target = this.model.shape(ref.target);
      if (t['smithy.api#httpLabel'] !== undefined) {
        if (labels[name] !== undefined) out[name] = coerceScalar(target.type, labels[name]);
      } else if (typeof t['smithy.api#httpQuery'] === 'string') {
        const v = query.get(t['smithy.api#httpQuery']);
        if (v !== null) out[name] = coerceScalar(target.type, v);
      } else if (typeof t['smithy.api#httpHeader'] === 'string') {
        const v = headerOf(t['smithy.api#httpHeader']);
        if (v !== undefined) out[name] = coerceScalar(target.type, v);
      } else if (typeof t['smithy.api#httpPrefixHeaders'] === 'string') {
        const prefix = t['smithy.api#httpPrefixHeaders'].toLowerCase();
        const found = Object.entries(req.headers).filter(([k]) => k.startsWith(prefix));
        if (found.length)
          out[name] = Object.fromEntries(found.map(([k, v]) => [k.slice(prefix.length), String(v)]));
      } else if (t['smithy.api#httpPayload'] !== undefined) {
        if (target.type === 'blob') out[name] = body;
        else if (body.length > 0) out[name] = this.readDocument(body, name, ref);
      }
    }
    return out;
  }

  encode(op: OperationInfo, output: unknown, requestId: string): WireResponse {
    const shape = this.model.shape(op.output);
    const headers: Record<string, string> = { 'x-amz-request-id': requestId };
    let status = op.http?.code ?? 200;
    const source = (output ?? {}) as Record<string, unknown>;
    let payload: string | Buffer | undefined;
    let bodyMembers = false;
    for (const [name, ref] of Object.entries(shape.members ?? {})) {
      const t = ref.traits ?? {};
      const v = source[name];
      if (v === undefined || v === null) continue;
      const target = this.model.shape(ref.target);
      if (typeof t['smithy.api#httpHeader'] === 'string') {
        headers[t['smithy.api#httpHeader'].toLowerCase()] = headerText(target, ref, v);
      } else if (typeof t['smithy.api#httpPrefixHeaders'] === 'string') {
        for (const [k, mv] of Object.entries(v as Record<string, unknown>))
          headers[`${t['smithy.api#httpPrefixHeaders'].toLowerCase()}${k}`] = String(mv);
      } else if (t['smithy.api#httpResponseCode'] !== undefined && typeof v === 'number') {
        status = v;
      } else if (t['smithy.api#httpPayload'] !== undefined) {
        if (target.type === 'structure' || target.type === 'union') {
          const root = xmlNameOf(ref, target, name);
          payload = this.document(root, target, v);
          headers['content-type'] = 'application/xml';
        } else {
          payload = v instanceof Uint8Array ? Buffer.from(v) : String(v);
        }
      } else {
        bodyMembers = true;
      }
    }
    if (payload === undefined && bodyMembers) {
      const root =
        typeof shape.traits?.['smithy.api#xmlName'] === 'string'
          ? shape.traits['smithy.api#xmlName']
          : op.name;
      payload = this.document(root as string, shape, source);
      headers['content-type'] = 'application/xml';
    }
    return { status, headers, body: payload ?? '' };
  }

  encodeError(error: ResolvedError, requestId: string): WireResponse {
    const extra = Object.entries(error.fields)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `<${k}>${xml(String(v))}</${k}>`)
      .join('');
    return {
      status: error.status,
      headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId },
      body:
        '<?xml version="1.0" encoding="UTF-8"?>\n' +
        `<Error><Code>${xml(error.code)}</Code><Message>${xml(error.message)}</Message>${extra}` +
        `<RequestId>${requestId}</RequestId></Error>`,
    };
  }

  private document(root: string, shape: Shape, value: unknown): string {
    const ns = this.model.xmlNamespace ? ` xmlns="${this.model.xmlNamespace}"` : '';
    return `<?xml version="1.0" encoding="UTF-8"?>\n<${root}${ns}>${writeStructure(this.model, shape, value)}</${root}>`;
  }

  private readDocument(body: Buffer, member: string, ref: ShapeRef): unknown {
    let doc: XmlElement;
    try {
      doc = parseXml(body.toString('utf8'));
    } catch (err) {
      if (!(err instanceof XmlSyntaxError)) throw err;
      throw malformedXml(err.message);
    }
    const target = this.model.shape(ref.target);
    const expected = xmlNameOf(ref, target, member);
    if (doc.name !== expected) throw malformedXml(`expected a <${expected}> document, got <${doc.name}>`);
    return readElement(this.model, target, doc);
  }
}

function malformedXml(detail: string): AwsServiceError {
  return new AwsServiceError(
    'MalformedXML',
    `The XML you provided was not well-formed or did not validate against our published schema (${detail}).`,
    { status: 400 },
  );
}

/** The request body with aws-chunked framing removed, and any trailers it carried. */
function readBody(req: EmulatorRequest): { body: Buffer; trailers: Record<string, string> } {
  const declared = header(req, 'x-amz-content-sha256') ?? '';
  const encoding = (header(req, 'content-encoding') ?? '').toLowerCase();
  const chunked =
    declared.startsWith('STREAMING-') || encoding.split(',').some((e) => e.trim() === 'aws-chunked');
  if (!chunked) return { body: req.body, trailers: {} };
  if (SIGNED_CHUNKS.includes(declared)) {
    throw new AwsServiceError(
      'NotImplemented',
      `The Evidentia emulator does not verify per-chunk signatures (${declared}); the AWS SDK v3 sends STREAMING-UNSIGNED-PAYLOAD-TRAILER.`,
      { status: 501 },
    );
  }
  let decoded: ReturnType<typeof decodeAwsChunked>;
  try {
    decoded = decodeAwsChunked(req.body);
  } catch (err) {
    if (!(err instanceof AwsChunkedError)) throw err;
    throw new AwsServiceError(
      'IncompleteBody',
      `The request body is not valid aws-chunked data: ${err.message}.`,
      {
        status: 400,
      },
    );
  }
  const announced = (header(req, 'x-amz-trailer') ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  for (const name of announced) {
    if (decoded.trailers[name] === undefined)
      throw new AwsServiceError(
        'MalformedTrailerError',
        `The request announced trailer ${name} but did not send it.`,
        {
          status: 400,
        },
      );
  }
  const length = header(req, 'x-amz-decoded-content-length');
  if (length !== undefined && Number(length) !== decoded.body.length) {
    throw new AwsServiceError(
      'IncompleteBody',
      `You did not provide the number of bytes specified by the x-amz-decoded-content-length header (${length}, got ${decoded.body.length}).`,
      { status: 400 },
    );
  }
  return { body: decoded.body, trailers: decoded.trailers };
}

function xmlNameOf(ref: ShapeRef, target: Shape, fallback: string): string {
  const own = ref.traits?.['smithy.api#xmlName'] ?? target.traits?.['smithy.api#xmlName'];
  return typeof own === 'string' ? own : fallback;
}

function headerText(target: Shape, ref: ShapeRef, v: unknown): string {
  if (target.type !== 'timestamp') return String(v);
  const format = (ref.traits?.['smithy.api#timestampFormat'] ??
    target.traits?.['smithy.api#timestampFormat'] ??
    'http-date') as TimestampFormat;
  return String(formatTimestamp(v, format));
}

/** An XML element read as `shape`: members by their xmlName, flattened or wrapped lists, scalars coerced. */
function readElement(model: SmithyModel, shape: Shape, el: XmlElement): unknown {
  switch (shape.type) {
    case 'structure':
    case 'union': {
      const out: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const wire =
          typeof ref.traits?.['smithy.api#xmlName'] === 'string' ? ref.traits['smithy.api#xmlName'] : name;
        const target = model.shape(ref.target);
        const matches = el.children.filter((c) => c.name === wire);
        if (matches.length === 0) continue;
        if (target.type === 'list' || target.type === 'set') {
          const member = target.member as ShapeRef;
          const memberShape = model.shape(member.target);
          if (ref.traits?.['smithy.api#xmlFlattened'] !== undefined) {
            out[name] = matches.map((c) => readElement(model, memberShape, c));
          } else {
            const itemName =
              typeof member.traits?.['smithy.api#xmlName'] === 'string'
                ? member.traits['smithy.api#xmlName']
                : 'member';
            out[name] = (matches[0] as XmlElement).children
              .filter((c) => c.name === itemName)
              .map((c) => readElement(model, memberShape, c));
          }
        } else {
          out[name] = readElement(model, target, matches[0] as XmlElement);
        }
      }
      return out;
    }
    case 'blob':
      return Buffer.from(el.text.trim(), 'base64');
    default:
      return coerceScalar(shape.type, el.text.trim());
  }
}
