// Check a decoded request against its Smithy input shape: required members, types, length, range, pattern
// and enum values. Problems are worded the way AWS's request validation words them.

import type { Shape, SmithyModel } from './smithy-model.js';

export type ProblemKind = 'required' | 'type' | 'length' | 'range' | 'pattern' | 'enum' | 'union';

export interface ValidationProblem {
  kind: ProblemKind;
  /** Member names from the input root, e.g. ['Filters', 'ComplianceType']. */
  path: (string | number)[];
  /** AWS-style sentence: `Value '26' at 'limit' failed to satisfy constraint: ...`. */
  message: string;
}

const INTEGER_BOUNDS: Record<string, [number, number]> = {
  byte: [-128, 127],
  short: [-32768, 32767],
  integer: [-2147483648, 2147483647],
  long: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  bigInteger: [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
};

const patternCache = new Map<string, RegExp | null>();

/** Validate `value` (already decoded from the wire) against the shape `shapeId`. Empty when valid. */
export function validateInput(model: SmithyModel, shapeId: string, value: unknown): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const root = model.shape(shapeId);
  if (value === undefined || value === null) return problems;
  checkValue(model, root, undefined, value, [], problems);
  return problems;
}

/** The AWS summary line for a list of problems: `2 validation errors detected: a; b`. */
export function summarizeProblems(problems: readonly ValidationProblem[]): string {
  const n = problems.length;
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${problems.map((p) => p.message).join('; ')}`;
}

function checkValue(
  model: SmithyModel,
  shape: Shape,
  memberTraits: Record<string, unknown> | undefined,
  value: unknown,
  path: (string | number)[],
  out: ValidationProblem[],
): void {
  const traits = { ...(shape.traits ?? {}), ...(memberTraits ?? {}) };
  switch (shape.type) {
    case 'structure':
    case 'union': {
      if (!isPlainObject(value)) {
        typeProblem(value, 'a structure', path, out);
        return;
      }
      const members = shape.members ?? {};
      let set = 0;
      for (const [name, ref] of Object.entries(members)) {
        const v = value[name];
        if (v === undefined || v === null) {
          if (ref.traits?.['smithy.api#required'] !== undefined && shape.type === 'structure') {
            out.push({
              kind: 'required',
              path: [...path, name],
              message: `Value null at '${awsPath([...path, name])}' failed to satisfy constraint: Member must not be null`,
            });
          }
          continue;
        }
        set++;
        checkValue(model, model.shape(ref.target), ref.traits, v, [...path, name], out);
      }
      if (shape.type === 'union' && set !== 1) {
        out.push({
          kind: 'union',
          path,
          message: `Value at '${awsPath(path)}' failed to satisfy constraint: Member must have exactly one member set`,
        });
      }
      return;
    }
    case 'list':
    case 'set': {
      if (!Array.isArray(value)) {
        typeProblem(value, 'a list', path, out);
        return;
      }
      checkLength(value.length, traits, value, path, out);
      const member = shape.member;
      if (!member) return;
      const target = model.shape(member.target);
      value.forEach((v, i) => {
        if (v === null || v === undefined) return;
        checkValue(model, target, member.traits, v, [...path, i], out);
      });
      return;
    }
    case 'map': {
      if (!isPlainObject(value)) {
        typeProblem(value, 'a map', path, out);
        return;
      }
      const entries = Object.entries(value);
      checkLength(entries.length, traits, value, path, out);
      const keyShape = shape.key ? model.shape(shape.key.target) : undefined;
      const valueShape = shape.value ? model.shape(shape.value.target) : undefined;
      for (const [k, v] of entries) {
        if (keyShape) checkValue(model, keyShape, shape.key?.traits, k, [...path, k, 'key'], out);
        if (valueShape && v !== null && v !== undefined)
          checkValue(model, valueShape, shape.value?.traits, v, [...path, k], out);
      }
      return;
    }
    case 'string':
    case 'enum': {
      if (typeof value !== 'string') {
        typeProblem(value, 'a String', path, out);
        return;
      }
      checkLength([...value].length, traits, value, path, out);
      const pattern = traits['smithy.api#pattern'];
      if (typeof pattern === 'string') {
        const re = compilePattern(pattern);
        if (re && !re.test(value)) {
          out.push({
            kind: 'pattern',
            path,
            message: `${valueText(value)} at '${awsPath(path)}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern}`,
          });
        }
      }
      const allowed = enumValues(shape);
      if (allowed && !allowed.includes(value)) {
        out.push({
          kind: 'enum',
          path,
          message: `${valueText(value)} at '${awsPath(path)}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`,
        });
      }
      return;
    }
    case 'byte':
    case 'short':
    case 'integer':
    case 'intEnum':
    case 'long':
    case 'bigInteger': {
      const bounds = INTEGER_BOUNDS[shape.type === 'intEnum' ? 'integer' : shape.type] ?? INTEGER_BOUNDS.long;
      if (typeof value !== 'number' || !Number.isInteger(value) || !bounds) {
        typeProblem(value, shape.type === 'long' ? 'a Long' : 'an Integer', path, out);
        return;
      }
      if (value < bounds[0] || value > bounds[1]) {
        typeProblem(value, 'an Integer', path, out);
        return;
      }
      checkRange(value, traits, path, out);
      if (shape.type === 'intEnum') {
        const allowed = Object.values(shape.members ?? {}).map((m) => m.traits?.['smithy.api#enumValue']);
        if (!allowed.includes(value)) {
          out.push({
            kind: 'enum',
            path,
            message: `${valueText(value)} at '${awsPath(path)}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`,
          });
        }
      }
      return;
    }
    case 'float':
    case 'double':
    case 'bigDecimal': {
      const ok =
        typeof value === 'number' || value === 'NaN' || value === 'Infinity' || value === '-Infinity';
      if (!ok) {
        typeProblem(value, 'a Double', path, out);
        return;
      }
      if (typeof value === 'number') checkRange(value, traits, path, out);
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean') typeProblem(value, 'a Boolean', path, out);
      return;
    case 'timestamp': {
      const ok =
        (typeof value === 'number' && Number.isFinite(value)) ||
        (value instanceof Date && !Number.isNaN(value.getTime())) ||
        (typeof value === 'string' && !Number.isNaN(Date.parse(value)));
      if (!ok) typeProblem(value, 'a Timestamp', path, out);
      return;
    }
    case 'blob': {
      const ok =
        value instanceof Uint8Array || (typeof value === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(value));
      if (!ok) {
        typeProblem(value, 'a Blob', path, out);
        return;
      }
      const size = value instanceof Uint8Array ? value.length : Buffer.from(value, 'base64').length;
      checkLength(size, traits, value, path, out);
      return;
    }
    default:
      return; // document and anything unknown: any JSON value is acceptable
  }
}

/** Values allowed by an enum shape or a Smithy 1 `enum` trait on a string; undefined when unconstrained. */
export function enumValues(shape: Shape): string[] | undefined {
  if (shape.type === 'enum') {
    return Object.entries(shape.members ?? {}).map(([name, m]) => {
      const v = m.traits?.['smithy.api#enumValue'];
      return typeof v === 'string' ? v : name;
    });
  }
  const legacy = shape.traits?.['smithy.api#enum'] as { value: string }[] | undefined;
  return legacy ? legacy.map((e) => e.value) : undefined;
}

function checkLength(
  size: number,
  traits: Record<string, unknown>,
  value: unknown,
  path: (string | number)[],
  out: ValidationProblem[],
): void {
  const length = traits['smithy.api#length'] as { min?: number; max?: number } | undefined;
  if (!length) return;
  if (length.min !== undefined && size < length.min) {
    out.push({
      kind: 'length',
      path,
      message: `${valueText(value)} at '${awsPath(path)}' failed to satisfy constraint: Member must have length greater than or equal to ${length.min}`,
    });
  } else if (length.max !== undefined && size > length.max) {
    out.push({
      kind: 'length',
      path,
      message: `${valueText(value)} at '${awsPath(path)}' failed to satisfy constraint: Member must have length less than or equal to ${length.max}`,
    });
  }
}

function checkRange(
  n: number,
  traits: Record<string, unknown>,
  path: (string | number)[],
  out: ValidationProblem[],
): void {
  const range = traits['smithy.api#range'] as { min?: number; max?: number } | undefined;
  if (!range) return;
  if (range.min !== undefined && n < range.min) {
    out.push({
      kind: 'range',
      path,
      message: `Value '${n}' at '${awsPath(path)}' failed to satisfy constraint: Member must have value greater than or equal to ${range.min}`,
    });
  } else if (range.max !== undefined && n > range.max) {
    out.push({
      kind: 'range',
      path,
      message: `Value '${n}' at '${awsPath(path)}' failed to satisfy constraint: Member must have value less than or equal to ${range.max}`,
    });
  }
}

function typeProblem(value: unknown, expected: string, path: (string | number)[], out: ValidationProblem[]) {
  out.push({
    kind: 'type',
    path,
    message: `${jsonKind(value)} can not be converted to ${expected} (at '${awsPath(path)}')`,
  });
}

function compilePattern(pattern: string): RegExp | null {
  let re = patternCache.get(pattern);
  if (re !== undefined) return re;
  re = null;
  for (const flags of ['u', '']) {
    try {
      re = new RegExp(pattern, flags);
      break;
    } catch {
      // Smithy patterns are ECMA 262 but a few use escapes only one flag accepts; try the other.
    }
  }
  patternCache.set(pattern, re);
  return re;
}

/** `Filters.ComplianceType` → `filters.complianceType`; list items as `configRuleNames.1.member`. */
function awsPath(path: (string | number)[]): string {
  return path
    .map((seg) =>
      typeof seg === 'number' ? `${seg + 1}.member` : seg.charAt(0).toLowerCase() + seg.slice(1),
    )
    .join('.');
}

function valueText(value: unknown): string {
  if (Array.isArray(value)) return `Value '[${value.map(String).join(', ')}]'`;
  if (isPlainObject(value)) return `Value '{...}'`;
  return `Value '${String(value)}'`;
}

function jsonKind(value: unknown): string {
  if (typeof value === 'string') return 'STRING_VALUE';
  if (typeof value === 'number') return 'NUMBER_VALUE';
  if (typeof value === 'boolean') return 'BOOLEAN_VALUE';
  if (Array.isArray(value)) return 'START_ARRAY';
  if (value !== null && typeof value === 'object') return 'START_OBJECT';
  return 'VALUE_NULL';
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return (
    v !== null &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    !(v instanceof Date) &&
    !(v instanceof Uint8Array)
  );
}
