// Organizations over the wire: the organisation, ListAccounts pagination (MaxResults 1-20) and who may call it.

import {
  AccessDeniedException,
  DescribeOrganizationCommand,
  InvalidInputException,
  ListAccountsCommand,
  OrganizationsClient,
  paginateListAccounts,
} from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator, syntheticWorld } from '../../../src/emulator/index.js';
import { assumeInto, callerKeys, clientConfig, failure } from './emulator-fixture.js';

describe('Organizations', () => {
  let emu: Emulator;
  let org: OrganizationsClient;
  const management = '100000000001';

  beforeAll(async () => {
    emu = await startEmulator({ world: syntheticWorld({ accounts: 45 }) });
    org = new OrganizationsClient(clientConfig(emu, callerKeys(emu)));
  });
  afterAll(async () => {
    org.destroy();
    await emu.close();
  });

  it('describes the organisation', async () => {
    const out = await org.send(new DescribeOrganizationCommand({}));
    expect(out.Organization).toMatchObject({
      Id: 'o-benchmark000',
      MasterAccountId: management,
      FeatureSet: 'ALL',
      Arn: `arn:aws:organizations::${management}:organization/o-benchmark000`,
    });
  });

  it('lists 45 accounts in pages of 20 with opaque tokens', async () => {
    const pages: string[][] = [];
    for await (const page of paginateListAccounts({ client: org }, {})) {
      pages.push((page.Accounts ?? []).map((a) => a.Id as string));
    }
    expect(pages.map((p) => p.length)).toEqual([20, 20, 5]);
    const all = pages.flat();
    expect(new Set(all).size).toBe(45);
    expect(all[0]).toBe(management);
    const first = await org.send(new ListAccountsCommand({ MaxResults: 7 }));
    expect(first.Accounts).toHaveLength(7);
    expect(first.Accounts?.[0]).toMatchObject({
      Status: 'ACTIVE',
      State: 'ACTIVE',
      Email: expect.stringContaining('@'),
    });
    expect(first.Accounts?.[0]?.JoinedTimestamp).toBeInstanceOf(Date);
    expect(first.NextToken).toBeTruthy();
    const next = await org.send(new ListAccountsCommand({ MaxResults: 7, NextToken: first.NextToken }));
    expect(next.Accounts?.[0]?.Id).toBe(first.Accounts && String(Number(first.Accounts[6]?.Id) + 1));
  });

  it('rejects MaxResults above 20 and a forged token with InvalidInputException', async () => {
    const tooMany = await failure(org.send(new ListAccountsCommand({ MaxResults: 21 })));
    expect(tooMany).toBeInstanceOf(InvalidInputException);
    expect(tooMany.Reason).toBe('MAX_VALUE_EXCEEDED');
    expect(tooMany.$metadata.httpStatusCode).toBe(400);
    const forged = await failure(
      org.send(new ListAccountsCommand({ NextToken: 'eyJvIjoyMH0.AAAAAAAAAAAAAAAAAAAAAA' })),
    );
    expect(forged).toBeInstanceOf(InvalidInputException);
    expect(forged.Reason).toBe('INVALID_NEXT_TOKEN');
  });

  it('answers ListAccounts only to the management account', async () => {
    const member = new OrganizationsClient(clientConfig(emu, await assumeInto(emu, '100000000002')));
    const err = await failure(member.send(new ListAccountsCommand({})));
    expect(err).toBeInstanceOf(AccessDeniedException);
    expect(err.$metadata.httpStatusCode).toBe(403);
    expect((await member.send(new DescribeOrganizationCommand({}))).Organization?.Id).toBe('o-benchmark000');
    member.destroy();
  });
});
