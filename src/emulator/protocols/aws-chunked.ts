// The `aws-chunked` content encoding S3 clients use for streaming uploads: `<hex size>[;ext]\r\n<data>\r\n`
// chunks, a zero-size chunk, then trailer lines (`x-amz-checksum-crc32:...`) and a blank line. The SDK v3
// sends it with `x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER`.

export interface DecodedChunks {
  body: Buffer;
  /** Trailer headers, names lower-cased. */
  trailers: Record<string, string>;
  /** Chunk extensions seen (`chunk-signature=...`), in order; empty for unsigned payloads. */
  signatures: string[];
}

export class AwsChunkedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AwsChunkedError';
  }
}

/** Decode an aws-chunked body; throws AwsChunkedError when the framing is broken or truncated. */
export function decodeAwsChunked(raw: Buffer): DecodedChunks {
  const parts: Buffer[] = [];
  const signatures: string[] = [];
  let i = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', i, 'latin1');
    if (eol < 0) throw new AwsChunkedError('chunk header without CRLF (truncated body?)');
    const line = raw.subarray(i, eol).toString('latin1');
    const [sizeText = '', ...ext] = line.split(';');
    if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText)) throw new AwsChunkedError(`bad chunk size '${sizeText}'`);
    for (const e of ext) if (e.startsWith('chunk-signature=')) signatures.push(e.slice(16));
    const size = Number.parseInt(sizeText, 16);
    i = eol + 2;
    if (size === 0) break;
    if (i + size + 2 > raw.length) throw new AwsChunkedError('chunk data shorter than its declared size');
    parts.push(raw.subarray(i, i + size));
    i += size;
    if (raw.toString('latin1', i, i + 2) !== '\r\n')
      throw new AwsChunkedError('chunk data not followed by CRLF');
    i += 2;
  }
  const trailers: Record<string, string> = {};
  for (;;) {
    const eol = raw.indexOf('\r\n', i, 'latin1');
    if (eol < 0) {
      // Some writers end the trailer section without the final blank line.
      if (i >= raw.length) break;
      throw new AwsChunkedError('trailer without CRLF');
    }
    const line = raw.subarray(i, eol).toString('latin1');
    i = eol + 2;
    if (line === '') break;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new AwsChunkedError(`bad trailer line '${line}'`);
    trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  if (i !== raw.length) throw new AwsChunkedError('data after the final chunk');
  return { body: Buffer.concat(parts), trailers, signatures };
}
