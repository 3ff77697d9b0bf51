// Hostile certificate paths: a package signed through a chain that must not be trusted (a non-CA
// intermediate, a CA without keyCertSign, pathLen exceeded, an expired intermediate, a leaf not yet valid, a
// leaf whose usage forbids signing) fails verify with --trust, and `openssl cms -verify -CAfile` on the very
// same package fails too; a proper intermediate CA passes both. Certificates are made with node-forge.

import { execFile } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import {
  folderContents,
  localSigner,
  type ParsedCertificate,
  parseCertificate,
  verifyBundle,
} from '../../../src/bundle/index.js';
import { SIGNED_AT, sealedBundle } from './bundle-fixture.js';

const run = promisify(execFile);
const DAY = 86_400_000;

interface Made {
  cert: ParsedCertificate;
  key: KeyObject;
  forgeCert: forge.pki.Certificate;
  forgeKey: forge.pki.PrivateKey;
}

interface Spec {
  cn: string;
  issuer?: Made;
  /** basicConstraints: undefined → no extension at all. */
  ca?: boolean;
  pathLen?: number;
  /** keyUsage names (forge's), undefined → no extension. */
  keyUsage?: string[];
  /** extKeyUsage names (forge's), undefined → no extension. */
  eku?: string[];
  notBefore?: Date;
  notAfter?: Date;
  /** Further extensions, as forge takes them. */
  extra?: object[];
}

let serial = 1;

function makeCert(spec: Spec): Made {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const forgeKey = forge.pki.privateKeyFromPem(
    privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
  );
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = (serial++).toString(16).padStart(4, '0');
  cert.validity.notBefore = spec.notBefore ?? new Date(SIGNED_AT.getTime() - 30 * DAY);
  cert.validity.notAfter = spec.notAfter ?? new Date(SIGNED_AT.getTime() + 365 * DAY);
  const subject = [
    { name: 'organizationName', value: 'Acme' },
    { name: 'commonName', value: spec.cn },
  ];
  cert.setSubject(subject);
  cert.setIssuer(spec.issuer ? spec.issuer.forgeCert.subject.attributes : subject);
  const extensions: object[] = [];
  if (spec.ca !== undefined)
    extensions.push({
      name: 'basicConstraints',
      critical: true,
      cA: spec.ca,
      ...(spec.pathLen !== undefined ? { pathLenConstraint: spec.pathLen } : {}),
    });
  if (spec.keyUsage)
    extensions.push({
      name: 'keyUsage',
      critical: true,
      ...Object.fromEntries(spec.keyUsage.map((k) => [k, true])),
    });
  if (spec.eku)
    extensions.push({ name: 'extKeyUsage', ...Object.fromEntries(spec.eku.map((k) => [k, true])) });
  if (spec.extra) extensions.push(...spec.extra);
  cert.setExtensions(extensions);
  cert.sign((spec.issuer?.forgeKey ?? forgeKey) as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  return { cert: parseCertificate(der), key: privateKey, forgeCert: cert, forgeKey };
}

/** A private extension marked critical (its value an ASN.1 NULL), which no verifier here understands. */
const UNKNOWN_CRITICAL = {
  id: '1.3.6.1.4.1.99999.1',
  critical: true,
  value: forge.asn1
    .toDer(forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.NULL, false, ''))
    .getBytes(),
};

const root = makeCert({ cn: 'Acme Root CA', ca: true, keyUsage: ['keyCertSign', 'cRLSign'] });
const leafSpec = (issuer: Made, extra: Partial<Spec> = {}): Spec => ({
  cn: 'Acme production signer',
  issuer,
  ca: false,
  keyUsage: ['digitalSignature', 'nonRepudiation'],
  ...extra,
});

/** Seal a bundle signed by `leaf` (its chain: `intermediates`), verify it with --trust root, and ask openssl. */
async function check(leaf: Made, intermediates: Made[]) {
  const signer = localSigner({
    key: leaf.key,
    chain: [leaf.cert, ...intermediates.map((m) => m.cert)],
    keyDescription: 'test',
  });
  const { dir } = await sealedBundle(signer);
  const report = await verifyBundle(await folderContents(dir), { trust: [root.cert] });
  const caFile = join(dir, '..', 'ca.pem');
  await writeFile(caFile, root.cert.x509.toString());
  // -attime: openssl checks validity at the signing time, as verify does.
  const openssl = await run('openssl', [
    'cms',
    '-verify',
    '-binary',
    '-inform',
    'DER',
    '-content',
    join(dir, 'manifest.json'),
    '-in',
    join(dir, 'manifest.json.p7s'),
    '-CAfile',
    caFile,
    '-attime',
    String(Math.floor(SIGNED_AT.getTime() / 1000)),
    '-out',
    '/dev/null',
  ]).then(
    () => ({ ok: true, stderr: '' }),
    (err: { stderr: string }) => ({ ok: false, stderr: err.stderr }),
  );
  return { report, openssl };
}

describe('certificate paths, checked against openssl cms -verify -CAfile', () => {
  it('accepts a proper intermediate CA (and both tools agree)', async () => {
    const mid = makeCert({
      cn: 'Acme Issuing CA',
      issuer: root,
      ca: true,
      pathLen: 0,
      keyUsage: ['keyCertSign', 'cRLSign'],
    });
    const { report, openssl } = await check(makeCert(leafSpec(mid)), [mid]);
    expect(openssl).toEqual({ ok: true, stderr: '' });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, trust: 'verified' });
    expect(report.signer?.path).toEqual([
      'O=Acme, CN=Acme production signer',
      'O=Acme, CN=Acme Issuing CA',
      'O=Acme, CN=Acme Root CA',
    ]);
  });

  const hostile: {
    what: string;
    build: () => { leaf: Made; chain: Made[] };
    reason: RegExp;
    openssl: RegExp;
  }[] = [
    {
      what: 'an intermediate that is not a CA (a server certificate, no keyUsage)',
      build: () => {
        const server = makeCert({ cn: 'www.acme.example', issuer: root, ca: false });
        return { leaf: makeCert(leafSpec(server)), chain: [server] };
      },
      reason: /not a CA/,
      openssl: /invalid CA certificate/,
    },
    {
      what: 'an intermediate without any basicConstraints',
      build: () => {
        const server = makeCert({ cn: 'www.acme.example', issuer: root });
        return { leaf: makeCert(leafSpec(server)), chain: [server] };
      },
      reason: /not a CA/,
      openssl: /invalid CA certificate/,
    },
    {
      what: 'a CA whose keyUsage lacks keyCertSign',
      build: () => {
        const mid = makeCert({ cn: 'Acme Odd CA', issuer: root, ca: true, keyUsage: ['digitalSignature'] });
        return { leaf: makeCert(leafSpec(mid)), chain: [mid] };
      },
      reason: /keyCertSign/,
      openssl: /invalid CA certificate|key usage does not include certificate signing/,
    },
    {
      what: 'a path longer than a pathLenConstraint allows',
      build: () => {
        const strict = makeCert({
          cn: 'Acme Policy CA',
          issuer: root,
          ca: true,
          pathLen: 0,
          keyUsage: ['keyCertSign'],
        });
        const sub = makeCert({ cn: 'Acme Sub CA', issuer: strict, ca: true, keyUsage: ['keyCertSign'] });
        return { leaf: makeCert(leafSpec(sub)), chain: [sub, strict] };
      },
      reason: /allows 0 intermediate CAs below it \(pathLenConstraint\), the path has 1/,
      openssl: /path length constraint exceeded/,
    },
    {
      what: 'an intermediate that had expired when the package was signed',
      build: () => {
        const mid = makeCert({
          cn: 'Acme Old CA',
          issuer: root,
          ca: true,
          keyUsage: ['keyCertSign'],
          notBefore: new Date(SIGNED_AT.getTime() - 400 * DAY),
          notAfter: new Date(SIGNED_AT.getTime() - DAY),
        });
        return { leaf: makeCert(leafSpec(mid)), chain: [mid] };
      },
      reason: /'O=Acme, CN=Acme Old CA' expired on/,
      openssl: /certificate has expired/,
    },
    {
      what: 'a leaf that was not yet valid when the package was signed',
      build: () => {
        const mid = makeCert({ cn: 'Acme Issuing CA', issuer: root, ca: true, keyUsage: ['keyCertSign'] });
        const leaf = makeCert(leafSpec(mid, { notBefore: new Date(SIGNED_AT.getTime() + DAY) }));
        return { leaf, chain: [mid] };
      },
      reason: /is not valid until/,
      openssl: /certificate is not yet valid/,
    },
    {
      what: 'a leaf whose extended key usage is for TLS servers only',
      build: () => {
        const mid = makeCert({ cn: 'Acme Issuing CA', issuer: root, ca: true, keyUsage: ['keyCertSign'] });
        return { leaf: makeCert(leafSpec(mid, { eku: ['serverAuth'] })), chain: [mid] };
      },
      reason: /extended key usage \(1\.3\.6\.1\.5\.5\.7\.3\.1\) that allows none of/,
      openssl: /unsuitable certificate purpose/,
    },
    {
      what: 'a leaf whose keyUsage allows only key encipherment',
      build: () => {
        const mid = makeCert({ cn: 'Acme Issuing CA', issuer: root, ca: true, keyUsage: ['keyCertSign'] });
        return { leaf: makeCert(leafSpec(mid, { keyUsage: ['keyEncipherment'] })), chain: [mid] };
      },
      reason: /allows neither digitalSignature nor nonRepudiation/,
      openssl: /unsuitable certificate purpose/,
    },
    {
      what: 'an intermediate CA restricted to TLS servers by its extended key usage',
      build: () => {
        const mid = makeCert({
          cn: 'Acme TLS Issuing CA',
          issuer: root,
          ca: true,
          keyUsage: ['keyCertSign'],
          eku: ['serverAuth'],
        });
        return { leaf: makeCert(leafSpec(mid)), chain: [mid] };
      },
      reason:
        /the CA 'O=Acme, CN=Acme TLS Issuing CA' has an extended key usage \(1\.3\.6\.1\.5\.5\.7\.3\.1\)/,
      openssl: /unsuitable certificate purpose/,
    },
    {
      what: 'an intermediate with a critical extension nothing processes',
      build: () => {
        const mid = makeCert({
          cn: 'Acme Restricted CA',
          issuer: root,
          ca: true,
          keyUsage: ['keyCertSign'],
          extra: [UNKNOWN_CRITICAL],
        });
        return { leaf: makeCert(leafSpec(mid)), chain: [mid] };
      },
      reason: /'O=Acme, CN=Acme Restricted CA' carries a critical extension \(1\.3\.6\.1\.4\.1\.99999\.1\)/,
      openssl: /unhandled critical extension/,
    },
    {
      what: 'a leaf with a critical extension nothing processes',
      build: () => {
        const mid = makeCert({ cn: 'Acme Issuing CA', issuer: root, ca: true, keyUsage: ['keyCertSign'] });
        return { leaf: makeCert(leafSpec(mid, { extra: [UNKNOWN_CRITICAL] })), chain: [mid] };
      },
      reason: /'O=Acme, CN=Acme production signer' carries a critical extension/,
      openssl: /unhandled critical extension/,
    },
  ];

  for (const h of hostile) {
    it(`refuses ${h.what}, as openssl does`, async () => {
      const { leaf, chain } = h.build();
      const { report, openssl } = await check(leaf, chain);
      expect(openssl.ok).toBe(false);
      expect(openssl.stderr).toMatch(h.openssl);
      expect(report.ok).toBe(false);
      expect(report.trust).toBe('failed');
      // Everything else is intact: the only problem is who signed.
      expect(report.problems.map((p) => p.kind)).toEqual(['unknown-signer']);
      expect(report.signer?.trustDetail).toMatch(h.reason);
    });
  }
});
