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
