// The roles of the first accounts are assumed as the organisation's listing names them, page by page, not
// after its last page: with 45 accounts (three pages of ListAccounts) and 100 ms a call, the first AssumeRole
// is sent before the last page is asked for. Read from the emulator's request log.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchWorld } from '../../../bench/bench-world.js';
import { type Emulator, startEmulator } from '../../../src/emulator/index.js';
import type { RequestLogEntry } from '../../../src/emulator/request-log.js';
import { catalogWith, runAgainst } from '../../support/run-against-emulator.js';

const framework = `type: framework
id: pages-framework
name: Roles by page
version: "1"
controls:
  - id: "1"
    ref: PAGES 1
    title: Encrypted volumes
    summary: One rule.
    responsibility: customer
    evidence:
      - { kind: config-rule, rule: ENCRYPTED_VOLUMES }
`;
const profile = `type: profile
id: pages
name: Roles by page
organization: { name: Pages Org }
frameworks: [pages-framework]
scope:
  accounts: organization
  regions: [us-east-1]
  role: { name: EvidentiaAuditRole }
`;

describe('roles assumed page by page', () => {
  let emulator: Emulator;
  const log: RequestLogEntry[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({
      world: benchWorld({
        accounts: 45,
        regions: ['us-east-1'],
        rules: ['ENCRYPTED_VOLUMES'],
        resourcesPerRule: 1,
        nonCompliantShare: 0,
        latencyMs: 100,
        seed: 1,
      }),
      onRequest: (e) => log.push(e),
    });
  });
  afterAll(() => emulator.close());

  it('sends the first AssumeRole before the last page of the account list is asked for', async () => {
    const run = await runAgainst(emulator, await catalogWith(framework, profile));
    expect(run.outcome.status).toBe('completed');
    expect(run.results?.run.scope.accounts).toHaveLength(45);
    const at = (e: RequestLogEntry) => Date.parse(e.time);
    const pages = log.filter((e) => e.operation === 'ListAccounts');
    const roles = log.filter((e) => e.operation === 'AssumeRole');
    expect(pages).toHaveLength(3);
    expect(roles.length).toBeGreaterThan(0);
    expect(Math.min(...roles.map(at))).toBeLessThan(at(pages.at(-1)!));
  });
});
