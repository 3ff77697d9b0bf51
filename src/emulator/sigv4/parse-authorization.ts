// Read an `Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...` header.

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

export interface ParsedAuthorization {
  accessKeyId: string;
  /** `YYYYMMDD` from the credential scope. */
  date: string;
  region: string;
  service: string;
  /** `<date>/<region>/<service>/aws4_request`. */
  scope: string;
  signedHeaders: string[];
  signature: string;
}

/** Thrown for an Authorization header that is not a well-formed SigV4 header. */
export class MalformedAuthorizationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedAuthorizationError';
  }
}

/** Parse the header value; throws MalformedAuthorizationError saying what is missing or wrong. */
export function parseAuthorization(value: string): ParsedAuthorization {
  const trimmed = value.trim();
  if (!trimmed.startsWith(`${SIGV4_ALGORITHM} `)) {
    const algorithm = trimmed.split(/\s/)[0] ?? '';
    throw new MalformedAuthorizationError(`Unsupported authorization algorithm '${algorithm}'`);
  }
  const fields = new Map<string, string>();
  for (const part of trimmed.slice(SIGV4_ALGORITHM.length).split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((k) => !fields.get(k));
  if (missing.length) {
    throw new MalformedAuthorizationError(
      `Authorization header requires ${missing.map((m) => `'${m}'`).join(', ')} parameter(s). Authorization=${SIGV4_ALGORITHM}`,
    );
  }
  const credential = fields.get('Credential') as string;
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || !/^\d{8}$/.test(parts[1] ?? '')) {
    throw new MalformedAuthorizationError(
      `Credential should be scoped to a valid date, region and service: <key>/<yyyymmdd>/<region>/<service>/aws4_request, got '${credential}'`,
    );
  }
  const [accessKeyId, date, region, service] = parts as [string, string, string, string, string];
  const signature = fields.get('Signature') as string;
  if (!/^[0-9a-f]{64}$/.test(signature)) {
    throw new MalformedAuthorizationError('Signature must be 64 lower-case hexadecimal characters');
  }
  const signedHeaders = (fields.get('SignedHeaders') as string).split(';').filter((h) => h.length > 0);
  return {
    accessKeyId,
    date,
    region,
    service,
    scope: `${date}/${region}/${service}/aws4_request`,
    signedHeaders,
    signature,
  };
}
