// One entry per request the emulator received: who called what, where, and how it was answered. Tests count
// calls with it; the IAM policy check proves least privilege from it.

export interface RequestLogEntry {
  /** ISO-8601 time the request arrived (emulator clock). */
  time: string;
  requestId: string;
  /** Service signing name (`config`, `sts`, `organizations`), or `unknown`. */
  service: string;
  /** Operation name; empty when the request named none. */
  operation: string;
  /** Account of the credentials used; empty when authentication failed. */
  accountId: string;
  /** Region of the signature's credential scope. */
  region: string;
  /** HTTP status sent; 0 when the connection was reset instead. */
  status: number;
  /** AWS error code when the answer was an error (or `ConnectionReset`). */
  errorCode?: string;
  accessKeyId?: string;
  /** The caller's `x-amz-user-agent` (else `user-agent`): tells Evidentia's own calls from a test's. */
  userAgent?: string;
  durationMs: number;
}
