// The request as the emulator received it and the response it sends, independent of protocol.

import type { IncomingHttpHeaders } from 'node:http';

export interface EmulatorRequest {
  method: string;
  /** Raw path (percent-encoded, as sent). */
  path: string;
  /** Raw query string without `?`. */
  query: string;
  /** Lower-cased header names, as node delivers them. */
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

/** An error ready to encode: code, status and message resolved. */
export interface ResolvedError {
  code: string;
  status: number;
  message: string;
  fault: 'client' | 'server';
  fields: Record<string, unknown>;
  /** Shape id of the modelled error, when the service models it. */
  shapeId?: string;
}

/** One header value as a string (repeated headers joined with commas). */
export function header(req: EmulatorRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(',') : v;
}

/** A string from a form, label, query or header, typed as its shape's `type` when it parses; left as text
 * otherwise, so input validation reports it. */
export function coerceScalar(type: string, raw: string): unknown {
  switch (type) {
    case 'byte':
    case 'short':
    case 'integer':
    case 'long':
    case 'intEnum':
      return /^-?\d+$/.test(raw) ? Number(raw) : raw;
    case 'float':
    case 'double':
      return raw.trim() !== '' && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : raw;
    default:
      return raw;
  }
}
