// The emulator's S3 over real HTTP with the real SDK client (path-style): buckets with Object Lock,
// versioned objects, streaming (aws-chunked) and multipart uploads with checksums, retention and legal
// hold, locked versions refused as AWS refuses them, and model validation of bad requests.

import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { Sha256 } from '@aws-crypto/sha256-js';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectLegalHoldCommand,
  GetObjectLockConfigurationCommand,
  GetObjectRetentionCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  PutObjectLegalHoldCommand,
  PutObjectLockConfigurationCommand,
  PutObjectRetentionCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineWorld, type Emulator, startEmulator } from '../../../src/emulator/index.js';

const MGMT = '111111111111';
const OTHER = '222222222222';
const DAY = 86_400_000;

function s3World() {
  return defineWorld({
    organization: { id: 'o-s3world0001', managementAccount: MGMT },
    regions: ['us-east-1'],
    accounts: [
      { id: MGMT, name: 'management', email: 'm@example.com' },
      { id: OTHER, name: 'other', email: 'o@example.com' },
    ],
    s3: {
      buckets: [
        { name: 'seeded-locked', account: MGMT, objectLock: { mode: 'GOVERNANCE', days: 1 } },
        { name: 'seeded-plain', account: MGMT },
        { name: 'not-mine', account: OTHER },
        {
          name: 'governed',
          account: MGMT,
          objectLock: {},
          governanceBypass: [`arn:aws:iam::${MGMT}:user/evidentia`],
        },
      ],
    },
  });
}

async function failure(p: Promise<unknown>): Promise<S3ServiceException> {
  try {
    await p;
  } catch (err) {
    if (err instanceof S3ServiceException) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('base64');

/** A request signed with the emulator caller's keys and sent with fetch (for bodies the SDK would not send). */
async function signedFetch(
  emulator: Emulator,
  req: {
    method: string;
    path: string;
    query: Record<string, string>;
    headers: Record<string, string>;
    body?: string | Buffer;
  },
): Promise<{ status: number; text: string }> {
  const url = new URL(emulator.url);
  const signer = new SignatureV4({
    service: 's3',
    region: 'us-east-1',
    credentials: emulator.credentials,
    sha256: Sha256,
    uriEscapePath: false,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: req.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: req.path,
      query: req.query,
      headers: { host: url.host, ...req.headers },
      body: req.body,
    }),
  );
  const qs = new URLSearchParams(req.query).toString();
  const res = await fetch(`${emulator.url}${req.path}${qs ? `?${qs}` : ''}`, {
    method: req.method,
    headers: signed.headers,
    ...(req.body !== undefined ? { body: req.body } : {}),
  });
  return { status: res.status, text: await res.text() };
}

function crc32b64(data: Buffer): string {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(data) >>> 0);
  return out.toString('base64');
}

describe('S3 in the emulator', () => {
  let emulator: Emulator;
  let s3: S3Client;

  beforeAll(async () => {
    emulator = await startEmulator({ world: s3World() });
    s3 = new S3Client({
      endpoint: emulator.url,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: emulator.credentials,
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    s3.destroy();
    await emulator.close();
  });

  it('creates a bucket with Object Lock, sets a default rule and reads it back', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'evidence-lock', ObjectLockEnabledForBucket: true }));
    await s3.send(
      new PutObjectLockConfigurationCommand({
        Bucket: 'evidence-lock',
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 30 } },
        },
      }),
    );
    const got = await s3.send(new GetObjectLockConfigurationCommand({ Bucket: 'evidence-lock' }));
    expect(got.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 30 } },
    });
    const put = await s3.send(
      new PutObjectCommand({ Bucket: 'evidence-lock', Key: 'a/default.txt', Body: 'x' }),
    );
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'evidence-lock', Key: 'a/default.txt' }));
    expect(head.VersionId).toBe(put.VersionId);
    expect(head.ObjectLockMode).toBe('COMPLIANCE');
    const days = ((head.ObjectLockRetainUntilDate?.getTime() ?? 0) - Date.now()) / DAY;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);
  });

  it('refuses Object Lock settings on a bucket without versioning, and answers the XML error shape', async () => {
    const err = await failure(
      s3.send(
        new PutObjectLockConfigurationCommand({
          Bucket: 'seeded-plain',
          ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled' },
        }),
      ),
    );
    expect(err.name).toBe('InvalidBucketState');
    expect(err.$metadata.httpStatusCode).toBe(409);
    const missing = await failure(s3.send(new GetObjectLockConfigurationCommand({ Bucket: 'seeded-plain' })));
    expect(missing.name).toBe('ObjectLockConfigurationNotFoundError');
    const nobucket = await failure(s3.send(new GetObjectCommand({ Bucket: 'no-such-bucket', Key: 'k' })));
    expect(nobucket.name).toBe('NoSuchBucket');
    expect(nobucket.$metadata.httpStatusCode).toBe(404);
    const foreign = await failure(s3.send(new GetObjectCommand({ Bucket: 'not-mine', Key: 'k' })));
    expect(foreign.name).toBe('AccessDenied');
    expect(foreign.$metadata.httpStatusCode).toBe(403);
    const taken = await failure(s3.send(new CreateBucketCommand({ Bucket: 'not-mine' })));
    expect(taken.name).toBe('BucketAlreadyExists');
  });

  it('stores a streamed (aws-chunked, CRC32 trailer) body and a SHA-256-checked body, byte for byte', async () => {
    const streamed = Buffer.from('streamed evidence '.repeat(1000));
    await s3.send(
      new PutObjectCommand({
        Bucket: 'seeded-plain',
        Key: 'dir/with space+plus.bin',
        Body: Readable.from([streamed]),
        ContentLength: streamed.length,
      }),
    );
    const back = await s3.send(
      new GetObjectCommand({ Bucket: 'seeded-plain', Key: 'dir/with space+plus.bin' }),
    );
    expect(
      Buffer.from(
        await (back.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
      ),
    ).toEqual(streamed);
    expect(back.VersionId).toBeUndefined();

    const body = Buffer.from('checked');
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: 'seeded-plain',
        Key: 'checked',
        Body: body,
        ChecksumAlgorithm: 'SHA256',
      }),
    );
    expect(put.ChecksumSHA256).toBe(sha256(body));
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: 'seeded-plain', Key: 'checked', ChecksumMode: 'ENABLED' }),
    );
    expect(head.ChecksumSHA256).toBe(sha256(body));
    expect(head.ContentLength).toBe(body.length);
  });

  it('answers BadDigest when the checksum does not match the body', async () => {
    const err = await failure(
      s3.send(
        new PutObjectCommand({
          Bucket: 'seeded-plain',
          Key: 'bad',
          Body: 'abc',
          ChecksumSHA256: sha256(Buffer.from('abd')),
        }),
      ),
    );
    expect(err.name).toBe('BadDigest');
    expect(err.$metadata.httpStatusCode).toBe(400);
  });

  it('keeps a COMPLIANCE-locked version: delete by version and shortening are refused, a plain DELETE adds a marker', async () => {
    const until = new Date(Date.now() + 10 * DAY);
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: 'evidence-lock',
        Key: 'locked.tar.gz',
        Body: 'package',
        ChecksumAlgorithm: 'SHA256',
        ObjectLockMode: 'COMPLIANCE',
        ObjectLockRetainUntilDate: until,
      }),
    );
    const denied = await failure(
      s3.send(
        new DeleteObjectCommand({
          Bucket: 'evidence-lock',
          Key: 'locked.tar.gz',
          VersionId: put.VersionId,
          BypassGovernanceRetention: true,
        }),
      ),
    );
    expect(denied.name).toBe('AccessDenied');
    expect(denied.$metadata.httpStatusCode).toBe(403);
    const shorten = await failure(
      s3.send(
        new PutObjectRetentionCommand({
          Bucket: 'evidence-lock',
          Key: 'locked.tar.gz',
          VersionId: put.VersionId,
          Retention: { Mode: 'COMPLIANCE', RetainUntilDate: new Date(Date.now() + DAY) },
        }),
      ),
    );
    expect(shorten.name).toBe('AccessDenied');
    // Lengthening is allowed.
    const later = new Date(Math.floor((Date.now() + 20 * DAY) / 1000) * 1000);
    await s3.send(
      new PutObjectRetentionCommand({
        Bucket: 'evidence-lock',
        Key: 'locked.tar.gz',
        VersionId: put.VersionId,
        Retention: { Mode: 'COMPLIANCE', RetainUntilDate: later },
      }),
    );
    const ret = await s3.send(
      new GetObjectRetentionCommand({ Bucket: 'evidence-lock', Key: 'locked.tar.gz' }),
    );
    expect(ret.Retention).toEqual({ Mode: 'COMPLIANCE', RetainUntilDate: later });

    const marker = await s3.send(new DeleteObjectCommand({ Bucket: 'evidence-lock', Key: 'locked.tar.gz' }));
    expect(marker.DeleteMarker).toBe(true);
    const gone = await failure(
      s3.send(new GetObjectCommand({ Bucket: 'evidence-lock', Key: 'locked.tar.gz' })),
    );
    expect(gone.name).toBe('NoSuchKey');
    const kept = await s3.send(
      new GetObjectCommand({ Bucket: 'evidence-lock', Key: 'locked.tar.gz', VersionId: put.VersionId }),
    );
    expect(await kept.Body?.transformToString()).toBe('package');
    // The marker itself is not locked and may be removed, which brings the object back.
    await s3.send(
      new DeleteObjectCommand({ Bucket: 'evidence-lock', Key: 'locked.tar.gz', VersionId: marker.VersionId }),
    );
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'evidence-lock', Prefix: 'locked' }));
    expect(listed.Contents?.map((c) => c.Key)).toEqual(['locked.tar.gz']);
  });

  it('lets GOVERNANCE be bypassed only with the header and the permission', async () => {
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: 'governed',
        Key: 'gov',
        Body: 'g',
        ChecksumAlgorithm: 'SHA256',
        ObjectLockMode: 'GOVERNANCE',
        ObjectLockRetainUntilDate: new Date(Date.now() + DAY),
      }),
    );
    const noHeader = await failure(
      s3.send(new DeleteObjectCommand({ Bucket: 'governed', Key: 'gov', VersionId: put.VersionId })),
    );
    expect(noHeader.name).toBe('AccessDenied');
    // seeded-locked grants nobody the bypass: the header alone is not enough.
    const p2 = await s3.send(new PutObjectCommand({ Bucket: 'seeded-locked', Key: 'gov', Body: 'g' }));
    const noPermission = await failure(
      s3.send(
        new DeleteObjectCommand({
          Bucket: 'seeded-locked',
          Key: 'gov',
          VersionId: p2.VersionId,
          BypassGovernanceRetention: true,
        }),
      ),
    );
    expect(noPermission.name).toBe('AccessDenied');
    const ok = await s3.send(
      new DeleteObjectCommand({
        Bucket: 'governed',
        Key: 'gov',
        VersionId: put.VersionId,
        BypassGovernanceRetention: true,
      }),
    );
    expect(ok.VersionId).toBe(put.VersionId);
  });

  it('refuses to delete a version under legal hold until the hold is released', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: 'governed', Key: 'held', Body: 'h' }));
    await s3.send(
      new PutObjectLegalHoldCommand({
        Bucket: 'governed',
        Key: 'held',
        VersionId: put.VersionId,
        LegalHold: { Status: 'ON' },
      }),
    );
    const hold = await s3.send(new GetObjectLegalHoldCommand({ Bucket: 'governed', Key: 'held' }));
    expect(hold.LegalHold?.Status).toBe('ON');
    const denied = await failure(
      s3.send(new DeleteObjectCommand({ Bucket: 'governed', Key: 'held', VersionId: put.VersionId })),
    );
    expect(denied.name).toBe('AccessDenied');
    await s3.send(
      new PutObjectLegalHoldCommand({
        Bucket: 'governed',
        Key: 'held',
        VersionId: put.VersionId,
        LegalHold: { Status: 'OFF' },
      }),
    );
    await s3.send(new DeleteObjectCommand({ Bucket: 'governed', Key: 'held', VersionId: put.VersionId }));
  });

  it('assembles a multipart upload with a composite SHA-256 checksum', async () => {
    const partSize = 5 * 1024 * 1024;
    const data = Buffer.alloc(partSize * 2 + 1234);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31) & 0xff;
    const upload = new Upload({
      client: s3,
      partSize,
      params: { Bucket: 'evidence-lock', Key: 'big.bin', Body: data, ChecksumAlgorithm: 'SHA256' },
    });
    const done = await upload.done();
    const parts = [
      data.subarray(0, partSize),
      data.subarray(partSize, 2 * partSize),
      data.subarray(2 * partSize),
    ];
    const composite = `${sha256(Buffer.concat(parts.map((p) => createHash('sha256').update(p).digest())))}-3`;
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: 'evidence-lock', Key: 'big.bin', ChecksumMode: 'ENABLED' }),
    );
    expect(head.ChecksumSHA256).toBe(composite);
    expect(head.ChecksumType).toBe('COMPOSITE');
    expect(head.ContentLength).toBe(data.length);
    expect(head.VersionId).toBe(done.VersionId);
    const back = await s3.send(new GetObjectCommand({ Bucket: 'evidence-lock', Key: 'big.bin' }));
    expect(
      Buffer.from(
        await (back.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
      ).equals(data),
    ).toBe(true);
  });

  it('rejects values the model does not allow, and malformed XML, with InvalidArgument / MalformedXML', async () => {
    const badMode = await failure(
      s3.send(
        new PutObjectCommand({
          Bucket: 'evidence-lock',
          Key: 'bad-mode',
          Body: 'x',
          ChecksumAlgorithm: 'SHA256',
          ObjectLockMode: 'FOREVER' as 'COMPLIANCE',
          ObjectLockRetainUntilDate: new Date(Date.now() + DAY),
        }),
      ),
    );
    expect(badMode.name).toBe('InvalidArgument');
    expect(badMode.message).toMatch(/objectLockMode.*enum value set/);
    expect(badMode.$metadata.httpStatusCode).toBe(400);

    const half = await failure(
      s3.send(
        new PutObjectCommand({
          Bucket: 'evidence-lock',
          Key: 'half',
          Body: 'x',
          ObjectLockMode: 'COMPLIANCE',
        }),
      ),
    );
    expect(half.name).toBe('InvalidArgument');

    // A signed request with a broken XML body (the SDK would never send one).
    const body = '<Retention><Mode>COMPLIANCE</Mode>';
    const res = await signedFetch(emulator, {
      method: 'PUT',
      path: '/evidence-lock/a/default.txt',
      query: { retention: '' },
      headers: {
        'content-type': 'application/xml',
        'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'),
      },
      body,
    });
    expect(res.status).toBe(400);
    const { text } = res;
    expect(text).toMatch(/^<\?xml[^>]*>\s*<Error><Code>MalformedXML<\/Code>/);
    expect(text).toContain('<RequestId>');
  });

  it('answers HEAD of a missing key with a bare 404, and a wrong expected owner with AccessDenied', async () => {
    const missing = await failure(s3.send(new HeadObjectCommand({ Bucket: 'seeded-plain', Key: 'nothing' })));
    expect(missing.name).toBe('NotFound');
    expect(missing.$metadata.httpStatusCode).toBe(404);
    const headOwner = await failure(
      s3.send(new HeadObjectCommand({ Bucket: 'seeded-plain', Key: 'checked', ExpectedBucketOwner: OTHER })),
    );
    expect(headOwner.$metadata.httpStatusCode).toBe(403);
    const owner = await failure(
      s3.send(new GetObjectCommand({ Bucket: 'seeded-plain', Key: 'checked', ExpectedBucketOwner: OTHER })),
    );
    expect(owner.name).toBe('AccessDenied');
  });

  it('reads aws-chunked bodies with checksum trailers, and refuses broken ones', async () => {
    const data = Buffer.from('chunked evidence');
    const framed = (trailer: string, body = data) =>
      Buffer.from(
        `${body.length.toString(16)}\r\n${body.toString('latin1')}\r\n0\r\n${trailer}\r\n\r\n`,
        'latin1',
      );
    const put = (body: Buffer, extra: Record<string, string> = {}) =>
      signedFetch(emulator, {
        method: 'PUT',
        path: '/seeded-plain/chunked',
        query: { 'x-id': 'PutObject' },
        headers: {
          'content-encoding': 'aws-chunked',
          'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
          'x-amz-decoded-content-length': String(data.length),
          'x-amz-trailer': 'x-amz-checksum-crc32',
          ...extra,
        },
        body,
      });
    const ok = await put(framed(`x-amz-checksum-crc32:${crc32b64(data)}`));
    expect(ok.status).toBe(200);
    const back = await s3.send(new GetObjectCommand({ Bucket: 'seeded-plain', Key: 'chunked' }));
    expect(await back.Body?.transformToString()).toBe('chunked evidence');

    const wrong = await put(framed(`x-amz-checksum-crc32:${crc32b64(Buffer.from('other'))}`));
    expect([wrong.status, /<Code>(\w+)<\/Code>/.exec(wrong.text)?.[1]]).toEqual([400, 'BadDigest']);
    const truncated = await put(framed(`x-amz-checksum-crc32:${crc32b64(data)}`).subarray(0, 10));
    expect([truncated.status, /<Code>(\w+)<\/Code>/.exec(truncated.text)?.[1]]).toEqual([
      400,
      'IncompleteBody',
    ]);
    const noTrailer = await put(framed('x-other:1'));
    expect(/<Code>(\w+)<\/Code>/.exec(noTrailer.text)?.[1]).toBe('MalformedTrailerError');
    const length = await put(framed(`x-amz-checksum-crc32:${crc32b64(data)}`), {
      'x-amz-decoded-content-length': '99',
    });
    expect(/<Code>(\w+)<\/Code>/.exec(length.text)?.[1]).toBe('IncompleteBody');
    const signedChunks = await put(framed(`x-amz-checksum-crc32:${crc32b64(data)}`), {
      'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
    });
    expect([signedChunks.status, /<Code>(\w+)<\/Code>/.exec(signedChunks.text)?.[1]]).toEqual([
      501,
      'NotImplemented',
    ]);
    // The object is still the good one.
    const still = await s3.send(new GetObjectCommand({ Bucket: 'seeded-plain', Key: 'chunked' }));
    expect(await still.Body?.transformToString()).toBe('chunked evidence');
  });

  it('refuses a part number that is not a number, and an unsigned request', async () => {
    const res = await signedFetch(emulator, {
      method: 'PUT',
      path: '/seeded-plain/part',
      query: { partNumber: 'abc', uploadId: 'u', 'x-id': 'UploadPart' },
      headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      body: 'x',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('<Code>InvalidArgument</Code>');
    const unsigned = await fetch(`${emulator.url}/seeded-plain/checked?x-id=GetObject`);
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toContain('<Code>AccessDenied</Code>');
  });

  it('rejects a request whose signature does not match, as SignatureDoesNotMatch', async () => {
    const wrong = new S3Client({
      endpoint: emulator.url,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { ...emulator.credentials, secretAccessKey: 'not-the-secret' },
      maxAttempts: 1,
    });
    const err = await failure(
      wrong.send(new GetObjectCommand({ Bucket: 'evidence-lock', Key: 'a/default.txt' })),
    );
    wrong.destroy();
    expect(err.name).toBe('SignatureDoesNotMatch');
    expect(err.$metadata.httpStatusCode).toBe(403);
  });
});
