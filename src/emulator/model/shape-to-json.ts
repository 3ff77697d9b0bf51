// Turn a handler's output (plain objects, Dates, Uint8Arrays) into the JSON document a protocol sends, walking
// the output shape: members the shape does not declare are dropped, timestamps and blobs take their wire form.

import type { Shape, SmithyModel } from './smithy-model.js';

export type TimestampFormat = 'epoch-seconds' | 'date-time' | 'http-date';

export interface JsonWireOptions {
  /** The protocol's default for timestamps (epoch-seconds for the JSON protocols). */
  timestampFormat: TimestampFormat;
  /** restJson1 honours `smithy.api#jsonName`; awsJson ignores it. */
  useJsonName: boolean;
}

/** Serialise `value` as shape `shapeId` describes it. */
export function shapeToJson(
  model: SmithyModel,
  shapeId: string,
  value: unknown,
  opts: JsonWireOptions,
): unknown {
  return convert(model, model.shape(shapeId), undefined, value, opts);
}

/** A timestamp in the given wire format. */
export function formatTimestamp(value: unknown, format: TimestampFormat): number | string | undefined {
  const date = toDate(value);
  if (!date) return undefined;
  if (format === 'date-time') return date.toISOString();
  if (format === 'http-date') return date.toUTCString();
  return date.getTime() / 1000;
}

function convert(
  model: SmithyModel,
  shape: Shape,
  memberTraits: Record<string, unknown> | undefined,
  value: unknown,
  opts: JsonWireOptions,
): unknown {
  if (value === undefined || value === null) return undefined;
  switch (shape.type) {
    case 'structure':
    case 'union': {
      if (typeof value !== 'object') return undefined;
      const out: Record<string, unknown> = {};
      const source = value as Record<string, unknown>;
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const t = ref.traits ?? {};
        // Members bound to HTTP headers, status or payload travel elsewhere (restJson1 only).
        if (
          t['smithy.api#httpHeader'] !== undefined ||
          t['smithy.api#httpResponseCode'] !== undefined ||
          t['smithy.api#httpPrefixHeaders'] !== undefined ||
          t['smithy.api#httpLabel'] !== undefined ||
          t['smithy.api#httpQuery'] !== undefined ||
          t['smithy.api#httpQueryParams'] !== undefined
        )
          continue;
        const converted = convert(model, model.shape(ref.target), ref.traits, source[name], opts);
        if (converted === undefined) continue;
        const key =
          opts.useJsonName && typeof t['smithy.api#jsonName'] === 'string' ? t['smithy.api#jsonName'] : name;
        out[key] = converted;
      }
      return out;
    }
    case 'list':
    case 'set': {
      if (!Array.isArray(value) || !shape.member) return undefined;
      const member = model.shape(shape.member.target);
      return value.map((v) => convert(model, member, shape.member?.traits, v, opts) ?? null);
    }
    case 'map': {
      if (typeof value !== 'object' || !shape.value) return undefined;
      const valueShape = model.shape(shape.value.target);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const c = convert(model, valueShape, shape.value.traits, v, opts);
        if (c !== undefined) out[k] = c;
      }
      return out;
    }
    case 'timestamp': {
      const format =
        (memberTraits?.['smithy.api#timestampFormat'] as TimestampFormat | undefined) ??
        (shape.traits?.['smithy.api#timestampFormat'] as TimestampFormat | undefined) ??
        opts.timestampFormat;
      return formatTimestamp(value, format);
    }
    case 'blob':
      return value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value;
    default:
      return value;
  }
}

function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value === 'string') {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  if (typeof value === 'number') return new Date(value * 1000);
  return undefined;
}
