// Where Artifact calls go, resolved the way the SDK resolves a generated client's endpoint: an explicit
// endpoint, else the service-specific and then the global endpoint variables, else the service's own URL.

/** Artifact is served from one region per partition; in `aws` that is us-east-1, and requests are signed for it. */
export const ARTIFACT_SIGNING_REGION = 'us-east-1';
/** Signing name from the model's `aws.auth#sigv4` trait. */
export const ARTIFACT_SIGNING_NAME = 'artifact';
/** `https://artifact.{implicitGlobalRegion}.{dnsSuffix}` for the `aws` partition. */
export const ARTIFACT_DEFAULT_ENDPOINT = `https://artifact.${ARTIFACT_SIGNING_REGION}.amazonaws.com`;

export interface ResolvedEndpoint {
  url: URL;
  /** Which rule chose it, for logs and docs. */
  source: 'explicit' | 'AWS_ENDPOINT_URL_ARTIFACT' | 'AWS_ENDPOINT_URL' | 'default';
}

/**
 * Precedence: `explicit` (the run's `--endpoint`), then `AWS_ENDPOINT_URL_ARTIFACT`, then `AWS_ENDPOINT_URL`,
 * then `https://artifact.us-east-1.amazonaws.com`. As with the SDK, `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`
 * makes the two variables be ignored. A malformed URL throws, naming where it came from.
 */
export function resolveArtifactEndpoint(
  explicit: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): ResolvedEndpoint {
  if (explicit) return { url: parse(explicit, 'the explicit endpoint'), source: 'explicit' };
  const ignore = (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '').toLowerCase() === 'true';
  if (!ignore) {
    const service = env.AWS_ENDPOINT_URL_ARTIFACT?.trim();
    if (service)
      return { url: parse(service, 'AWS_ENDPOINT_URL_ARTIFACT'), source: 'AWS_ENDPOINT_URL_ARTIFACT' };
    const global = env.AWS_ENDPOINT_URL?.trim();
    if (global) return { url: parse(global, 'AWS_ENDPOINT_URL'), source: 'AWS_ENDPOINT_URL' };
  }
  return { url: new URL(ARTIFACT_DEFAULT_ENDPOINT), source: 'default' };
}

function parse(value: string, where: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${where} is not a URL: '${value}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`${where} must be an http(s) URL, got '${value}'`);
  }
  return url;
}
