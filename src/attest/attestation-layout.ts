// Where attestations live in the attestation folder:
//   <dir>/<framework>/<control-slug>/<YYYY-MM-DD>-<document name>                   the attested document
//   <dir>/<framework>/<control-slug>/<YYYY-MM-DD>-<document name>.attestation.yaml  its record
// The folder names are for people; the record's `framework` and `control` fields are what counts.

import { extname } from 'node:path';

/** A control id as a folder name: `164.308(a)(7)(ii)(D)` → `164.308-a-7-ii-D`, `Art. 32(1)(b)` → `Art.-32-1-b`. */
export function controlSlug(controlId: string): string {
  return controlId.replace(/[^A-Za-z0-9._]+/g, '-').replace(/^-+|-+$/g, '') || 'control';
}

/** A document name made safe for every file system, keeping its extension. */
export function safeFileName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '');
  return cleaned.slice(-120) || 'document';
}

const MEDIA_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
  '.html': 'text/html',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.zip': 'application/zip',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/** The media type of a document, from its extension. */
export function mediaTypeOf(fileName: string): string {
  return MEDIA_TYPES[extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}
