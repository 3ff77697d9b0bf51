// The daemon configuration's trust anchors for the verify route: PEM files relative to the file, each read
// at load; a missing or non-certificate file is bad input at its file:line:column (exit 2), nothing started.

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSelfSigned } from '../../../src/bundle/index.js';
import { type Catalog, loadCatalog } from '../../../src/catalog/index.js';
import { formatIssue, InputError } from '../../../src/core/errors.js';
import { parseDaemonConfig } from '../../../src/daemon/config/load-daemon-config.js';

let catalog: Catalog;
let dir: string;
beforeAll(async () => {
  catalog = await loadCatalog();
  dir = await mkdtemp(join(tmpdir(), 'evidentia-daemon-trust-'));
  const ca = await generateSelfSigned({ subject: { commonName: 'Acme CA' }, now: new Date(), days: 5 });
  await writeFile(join(dir, 'ca.pem'), ca.certificatePem);
  await writeFile(join(dir, 'notes.txt'), 'not a certificate\n');
});

const config = (trust: string) => `profiles:
  - profile: healthcare
trust: ${trust}
http:
  enabled: false
`;

describe('daemon trust anchors', () => {
  it('resolves anchor files relative to the configuration file, with the rate limit default', async () => {
    const s = await parseDaemonConfig('daemon.yaml', config('[ca.pem]'), dir, { catalog, env: {} });
    expect(s.trust).toEqual([join(dir, 'ca.pem')]);
    expect(s.http.expensivePerMinute).toBe(30);
  });

  it('refuses a missing file and a file without a certificate, naming trust[i] and its position', async () => {
    let issues: string[] = [];
    try {
      await parseDaemonConfig('daemon.yaml', config('[ca.pem, missing.pem, notes.txt]'), dir, {
        catalog,
        env: {},
      });
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).exitCode).toBe(2);
      issues = (err as InputError).issues.map(formatIssue);
    }
    expect(issues).toEqual([
      expect.stringMatching(
        /^daemon\.yaml:3:\d+: trust\[1\]: .*missing\.pem: cannot read the trusted certificate: ENOENT/,
      ),
      expect.stringMatching(/^daemon\.yaml:3:\d+: trust\[2\]: .*notes\.txt: no PEM certificate found/),
    ]);
  });
});
