// Fetching a report document from its presigned URL: the error an object store answers (S3's XML
// `<Error><Code>…`), shaped like an SDK error, and streaming the bytes to disk while hashing them.

import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ServiceException } from '@smithy/core/client';
import type { HttpResponse } from '@smithy/protocol-http';

/** A failed document download (expired URL, missing object, server error). */
export class DocumentDownloadError extends ServiceException {
  constructor(code: string, message: string, status: number, requestId?: string) {
    super({
      name: code,
      $fault: status >= 500 ? 'server' : 'client',
      $metadata: { ...(status ? { httpStatusCode: status } : {}), ...(requestId ? { requestId } : {}) },
      message,
    });
  }

  /** Read S3's error document when there is one. */
  static fromResponse(status: number, body: string, requestId?: string): DocumentDownloadError {
    const code = /<Code>([^<]{1,100})<\/Code>/.exec(body)?.[1] ?? `Http${status}`;
    const message =
      /<Message>([^<]{0,500})<\/Message>/.exec(body)?.[1] ?? `document download answered HTTP ${status}`;
    return new DocumentDownloadError(code, message, status, requestId);
  }
}

/** Stream a response body into `path` (folders made as needed), refusing more than `maxBytes`. */
export async function streamToFile(
  response: HttpResponse,
  path: string,
  maxBytes: number,
): Promise<{ bytes: number; sha256: string }> {
  const body = response.body as AsyncIterable<Uint8Array> | undefined;
  if (!body)
    throw new DocumentDownloadError('EmptyBody', 'the document response has no body', response.statusCode);
  await mkdir(dirname(path), { recursive: true });
  const hash = createHash('sha256');
  let bytes = 0;
  await pipeline(
    body,
    async function* (source: AsyncIterable<Uint8Array>) {
      for await (const chunk of source) {
        bytes += chunk.length;
        if (bytes > maxBytes) {
          throw new DocumentDownloadError(
            'DocumentTooLarge',
            `the document is larger than ${maxBytes} bytes`,
            0,
          );
        }
        hash.update(chunk);
        yield chunk;
      }
    },
    createWriteStream(path),
  );
  return { bytes, sha256: hash.digest('hex') };
}
