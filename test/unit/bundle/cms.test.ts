// Detached CMS signatures: RSA and ECDSA keys (P-256, P-384), a chain issued by a CA, and what verification
// says when the content, the signature or the signer's certificate is not what was signed.

import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pkijsRefusal } from '../../../src/bundle/cms/verify-cms.js';
import { parseDerExact, readOid, readTime, time } from '../../../src/bundle/der/der.js';
import {
  type BundleSigner,
  buildCertificate,
  generateSelfSigned,
  localSigner,
  signDetachedCms,
  verifyDetachedCms,
} from '../../../src/bundle/index.js';
import { validateSignerPath } from '../../../src/bundle/verify/certificate-path.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const content = Buffer.from('{"files":[]}\n');

async function caAndLeaf(curve: 'P-256' | 'P-384'): Promise<{ ca: BundleSigner; leaf: BundleSigner }> {
  const caMade = await generateSelfSigned({
    subject: { commonName: 'Test CA' },
    now: NOW,
    days: 10,
    modulusLength: 2048,
  });
  const ca = localSigner({ key: caMade.key, chain: [caMade.certificate], keyDescription: 'ca' });
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
  const cert = await buildCertificate({
    subject: { commonName: `EC signer ${curve}`, organization: 'Tests', country: 'GB' },
    publicKey,
    notBefore: NOW,
    notAfter: new Date(NOW.getTime() + 86_400_000),
    issuer: caMade.certificate,
    signer: ca,
  });
  return {
    ca,
    leaf: localSigner({ key: privateKey, chain: [cert, caMade.certificate], keyDescription: 'ec' }),
  };
}

describe('detached CMS', () => {
  it('signs and verifies with an RSA key, and reports a modified content', async () => {
    const made = await generateSelfSigned({
      subject: { commonName: 'RSA' },
      now: NOW,
      days: 1,
      modulusLength: 2048,
    });
    const signer = localSigner({ key: made.key, chain: [made.certificate], keyDescription: 'rsa' });
    const p7s = await signDetachedCms(content, { signer, signingTime: NOW });
    const ok = verifyDetachedCms(p7s, content);
    expect(ok).toMatchObject({ status: 'valid', hash: 'sha256', signingTime: NOW });
    expect(ok.signer?.fingerprintSha256).toBe(made.certificate.fingerprintSha256);
    expect(verifyDetachedCms(p7s, Buffer.from('{"files":[1]}\n')).status).toBe('content-modified');
    // pkijs, the second opinion verify asks for, agrees on both.
    expect(await pkijsRefusal(p7s, content)).toBeUndefined();
    expect(await pkijsRefusal(p7s, Buffer.from('{"files":[1]}\n'))).toMatch(/digest/i);
    expect(verifyDetachedCms(p7s.subarray(0, 100), content).status).toBe('malformed');
    expect(verifyDetachedCms(Buffer.from('not der at all'), content).status).toBe('malformed');
  });

  for (const curve of ['P-256', 'P-384'] as const) {
    it(`signs with an ECDSA ${curve} key certified by a CA, and the chain leads to the CA`, async () => {
      const { ca, leaf } = await caAndLeaf(curve);
      expect(leaf.algorithm).toEqual({ key: 'ec', hash: curve === 'P-256' ? 'sha256' : 'sha384' });
      const p7s = await signDetachedCms(content, { signer: leaf, signingTime: NOW });
      const check = verifyDetachedCms(p7s, content);
      expect(check.status).toBe('valid');
      expect(await pkijsRefusal(p7s, content)).toBeUndefined();
      expect(check.certificates).toHaveLength(2);
      expect(check.signer?.subject).toBe(`C=GB, O=Tests, CN=EC signer ${curve}`);
      expect((await validateSignerPath(check.signer!, check.certificates, ca.chain, NOW)).status).toBe(
        'verified',
      );
      const other = await generateSelfSigned({
        subject: { commonName: 'Other CA' },
        now: NOW,
        days: 1,
        modulusLength: 2048,
      });
      expect(
        (await validateSignerPath(check.signer!, check.certificates, [other.certificate], NOW)).status,
      ).toBe('failed');
    });
  }

  it('rejects a signature made by another key than the certificate names', async () => {
    const made = await generateSelfSigned({
      subject: { commonName: 'Named' },
      now: NOW,
      days: 1,
      modulusLength: 2048,
    });
    const intruder = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    // A signer that claims the certificate but signs with another key (bypassing localSigner's check).
    const forged: BundleSigner = {
      kind: 'local',
      keyDescription: 'forged',
      chain: [made.certificate],
      algorithm: { key: 'rsa', hash: 'sha256' },
      sign: async (data) => sign('sha256', data, intruder),
    };
    const p7s = await signDetachedCms(content, { signer: forged, signingTime: NOW });
    expect(verifyDetachedCms(p7s, content).status).toBe('bad-signature');
  });

  it('writes the signed attributes openssl expects, in DER order', async () => {
    const made = await generateSelfSigned({
      subject: { commonName: 'Attrs' },
      now: NOW,
      days: 1,
      modulusLength: 2048,
    });
    const signer = localSigner({ key: made.key, chain: [made.certificate], keyDescription: 'x' });
    const p7s = await signDetachedCms(content, { signer, signingTime: NOW });
    const info = parseDerExact(p7s);
    expect(readOid(info.children[0]!)).toBe('1.2.840.113549.1.7.2');
    const signerInfo = info.children[1]!.children[0]!.children.at(-1)!.children[0]!;
    const attrs = signerInfo.children[3]!;
    expect(attrs.tag).toBe(0xa0);
    const types = attrs.children.map((a) => readOid(a.children[0]!));
    expect(new Set(types)).toEqual(
      new Set([
        '1.2.840.113549.1.9.3',
        '1.2.840.113549.1.9.5',
        '1.2.840.113549.1.9.4',
        '1.2.840.113549.1.9.16.2.47',
      ]),
    );
    const raws = attrs.children.map((a) => Buffer.from(a.raw));
    expect([...raws].sort(Buffer.compare)).toEqual(raws);
  });
});

describe('DER', () => {
  it('round-trips times across the UTCTime / GeneralizedTime boundary', () => {
    for (const t of [
      '2026-03-01T12:00:00Z',
      '2049-12-31T23:59:59Z',
      '2050-01-01T00:00:00Z',
      '1999-05-05T05:05:05Z',
    ]) {
      const node = parseDerExact(time(new Date(t)));
      expect(node.tag).toBe(new Date(t).getUTCFullYear() < 2050 ? 0x17 : 0x18);
      expect(readTime(node).toISOString()).toBe(new Date(t).toISOString());
    }
  });

  it('stops after MAX_DER_ELEMENTS elements: a 1 MiB signature of empty SEQUENCEs is malformed, not 280 MB', () => {
    const body = Buffer.alloc(2 * 524_288);
    for (let i = 0; i < body.length; i += 2) body[i] = 0x30;
    const p7s = Buffer.concat([Buffer.from([0x30, 0x83, 0x10, 0x00, 0x00]), body]);
    const before = process.memoryUsage().rss;
    const result = verifyDetachedCms(p7s, Buffer.from('{}'));
    expect(result.status).toBe('malformed');
    expect(result.detail).toMatch(/more than 65536 DER elements/);
    // Without the cap this parse alone added ~280 MB of RSS; with it, a few MB at most.
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
    expect(() => parseDerExact(p7s)).toThrow(/more than 65536 DER elements/);
  });

  it('refuses truncated or padded input', () => {
    expect(() => parseDerExact(Buffer.from([0x30, 0x05, 0x02, 0x01]))).toThrow(/past the end/);
    expect(() => parseDerExact(Buffer.from([0x05, 0x00, 0x00]))).toThrow(/trailing/);
    expect(() => parseDerExact(Buffer.from([0x04, 0x81, 0x05, 1, 2, 3, 4, 5]))).toThrow(/non-minimal/);
  });
});
