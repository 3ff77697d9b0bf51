// What `evidentia verify` needs to accept `s3://bucket/key`: a local path for its argument. A local path is
// returned as it is; an S3 address is fetched to a private temporary file, removed by `cleanup()`.

import { fetchS3Object } from './fetch-s3-object.js';
import { isS3Uri } from './s3-uri.js';

export interface LocalArchive {
  path: string;
  /** The S3 object version fetched, when the argument was an S3 address. */
  versionId?: string;
  cleanup(): Promise<void>;
}

/**
 * A local path for `target`. For `s3://…` the endpoint comes from AWS_ENDPOINT_URL_S3 (or AWS_ENDPOINT_URL,
 * e.g. the emulator), the region from AWS_REGION, and credentials from AWS_ACCESS_KEY_ID /
 * AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN when set, else the SDK's default chain.
 */
export async function localArchiveFor(
  target: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<LocalArchive> {
  if (!isS3Uri(target)) return { path: target, cleanup: async () => {} };
  const endpoint = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const keyId = env.AWS_ACCESS_KEY_ID;
  const secret = env.AWS_SECRET_ACCESS_KEY;
  const token = env.AWS_SESSION_TOKEN;
  const fetched = await fetchS3Object(target, {
    ...(endpoint ? { endpoint } : {}),
    ...(region ? { region } : {}),
    ...(keyId && secret
      ? {
          credentials: async () => ({
            accessKeyId: keyId,
            secretAccessKey: secret,
            ...(token ? { sessionToken: token } : {}),
          }),
        }
      : {}),
  });
  return {
    path: fetched.path,
    ...(fetched.versionId ? { versionId: fetched.versionId } : {}),
    cleanup: fetched.cleanup,
  };
}
