// A Smithy 2.0 JSON AST model, indexed for the emulator: the service's protocol and names, its operations
// (bound directly or through resources), and shape look-up including the prelude (`smithy.api#String`, ...).

import { readFileSync } from 'node:fs';

export interface ShapeRef {
  target: string;
  traits?: Record<string, unknown>;
}

export interface Shape {
  type: string;
  members?: Record<string, ShapeRef>;
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  traits?: Record<string, unknown>;
  input?: ShapeRef;
  output?: ShapeRef;
  errors?: ShapeRef[];
  operations?: ShapeRef[];
  resources?: ShapeRef[];
  [binding: string]: unknown;
}

export type Protocol = 'awsJson1_0' | 'awsJson1_1' | 'awsQuery' | 'restJson1' | 'restXml';

export interface HttpBinding {
  method: string;
  uri: string;
  code: number;
}

export interface OperationInfo {
  name: string;
  id: string;
  input: string;
  output: string;
  errors: string[];
  http?: HttpBinding;
}

const PRELUDE: Record<string, string> = {
  String: 'string',
  Blob: 'blob',
  Boolean: 'boolean',
  PrimitiveBoolean: 'boolean',
  Byte: 'byte',
  PrimitiveByte: 'byte',
  Short: 'short',
  PrimitiveShort: 'short',
  Integer: 'integer',
  PrimitiveInteger: 'integer',
  Long: 'long',
  PrimitiveLong: 'long',
  Float: 'float',
  PrimitiveFloat: 'float',
  Double: 'double',
  PrimitiveDouble: 'double',
  BigInteger: 'bigInteger',
  BigDecimal: 'bigDecimal',
  Timestamp: 'timestamp',
  Document: 'document',
  Unit: 'structure',
};

const PROTOCOL_TRAITS: Record<string, Protocol> = {
  'aws.protocols#awsJson1_0': 'awsJson1_0',
  'aws.protocols#awsJson1_1': 'awsJson1_1',
  'aws.protocols#awsQuery': 'awsQuery',
  'aws.protocols#restJson1': 'restJson1',
  'aws.protocols#restXml': 'restXml',
};

/** One service model, indexed. */
export class SmithyModel {
  readonly serviceId: string;
  /** Shape namespace, e.g. `com.amazonaws.configservice`. */
  readonly namespace: string;
  /** The service shape's name: the awsJson `X-Amz-Target` prefix (e.g. `StarlingDoveService`). */
  readonly targetPrefix: string;
  readonly protocol: Protocol;
  /** SigV4 signing name (`config`, `sts`, `organizations`, `artifact`). */
  readonly signingName: string;
  readonly xmlNamespace: string | undefined;
  readonly version: string;
  readonly operations = new Map<string, OperationInfo>();
  private readonly shapes: Record<string, Shape>;

  constructor(ast: { shapes: Record<string, Shape> }) {
    this.shapes = ast.shapes;
    const service = Object.entries(ast.shapes).find(([, s]) => s.type === 'service');
    if (!service) throw new Error('the model has no service shape');
    const [id, shape] = service;
    this.serviceId = id;
    this.namespace = id.split('#')[0] ?? '';
    this.targetPrefix = id.split('#')[1] ?? '';
    const traits = shape.traits ?? {};
    const protocol = Object.keys(traits).find((t) => PROTOCOL_TRAITS[t]);
    if (!protocol) throw new Error(`${id} declares no supported protocol`);
    this.protocol = PROTOCOL_TRAITS[protocol] as Protocol;
    const sigv4 = traits['aws.auth#sigv4'] as { name?: string } | undefined;
    this.signingName = sigv4?.name ?? this.targetPrefix.toLowerCase();
    this.xmlNamespace = (traits['smithy.api#xmlNamespace'] as { uri?: string } | undefined)?.uri;
    this.version = String(shape.version ?? '');
    this.collectOperations(shape, new Set());
  }

  /** Load a model file. */
  static fromFile(path: string): SmithyModel {
    return new SmithyModel(JSON.parse(readFileSync(path, 'utf8')) as { shapes: Record<string, Shape> });
  }

  /** A shape by absolute id; prelude shapes resolve to their simple type. */
  shape(id: string): Shape {
    const found = this.shapes[id];
    if (found) return found;
    if (id.startsWith('smithy.api#')) {
      const name = id.slice('smithy.api#'.length);
      const type = PRELUDE[name];
      if (type) return type === 'structure' ? { type, members: {} } : { type };
    }
    throw new Error(`unknown shape ${id}`);
  }

  /** An operation by name. */
  operation(name: string): OperationInfo | undefined {
    return this.operations.get(name);
  }

  /** The shape id of an error by its short name (`ValidationException`), if this service models it. */
  errorShapeId(name: string): string | undefined {
    const id = `${this.namespace}#${name}`;
    const shape = this.shapes[id];
    return shape?.traits?.['smithy.api#error'] !== undefined ? id : undefined;
  }

  private collectOperations(container: Shape, seen: Set<string>): void {
    const refs: ShapeRef[] = [...(container.operations ?? [])];
    for (const key of ['create', 'put', 'read', 'update', 'delete', 'list']) {
      const ref = container[key] as ShapeRef | undefined;
      if (ref?.target) refs.push(ref);
    }
    refs.push(...((container.collectionOperations as ShapeRef[] | undefined) ?? []));
    for (const ref of refs) {
      const op = this.shapes[ref.target];
      if (op?.type !== 'operation') continue;
      const name = ref.target.split('#')[1] ?? ref.target;
      const http = op.traits?.['smithy.api#http'] as
        | { method: string; uri: string; code?: number }
        | undefined;
      const info: OperationInfo = {
        name,
        id: ref.target,
        input: op.input?.target ?? 'smithy.api#Unit',
        output: op.output?.target ?? 'smithy.api#Unit',
        errors: (op.errors ?? []).map((e) => e.target),
      };
      if (http) info.http = { method: http.method, uri: http.uri, code: http.code ?? 200 };
      this.operations.set(name, info);
    }
    for (const ref of container.resources ?? []) {
      if (seen.has(ref.target)) continue;
      seen.add(ref.target);
      const resource = this.shapes[ref.target];
      if (resource) this.collectOperations(resource, seen);
    }
  }
}

const cache = new Map<string, SmithyModel>();

/** Load (once per process) the model at `path`. */
export function loadModel(path: string): SmithyModel {
  let model = cache.get(path);
  if (!model) {
    model = SmithyModel.fromFile(path);
    cache.set(path, model);
  }
  return model;
}
