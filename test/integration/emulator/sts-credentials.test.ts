// STS over the wire: caller identity, per-account assumed roles that scope every later call, refusals, and
// credentials that expire (the emulator's clock is moved, nothing waits).

import {
  ConfigServiceClient,
  DescribeConfigurationRecorderStatusCommand,
  SelectResourceConfigCommand,
} from '@aws-sdk/client-config-service';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../../src/emulator/index.js';
import {
  assumeInto,
  callerClients,
  callerKeys,
  clientConfig,
  DENIED,
  failure,
  MGMT,
  MovableClock,
  PROD,
  ROLE,
  testWorld,
} from './emulator-fixture.js';

describe('STS and per-account credentials', () => {
  let emu: Emulator;
  const clock = new MovableClock();

  beforeAll(async () => {
    emu = await startEmulator({ world: testWorld({ credentialLifetimeSeconds: 900 }), clock });
  });
  afterAll(async () => {
    await emu.close();
  });

  it('tells the caller who it is: an IAM user of the management account', async () => {
    const { sts } = callerClients(emu);
    const out = await sts.send(new GetCallerIdentityCommand({}));
    expect(out.Account).toBe(MGMT);
    expect(out.Arn).toBe(`arn:aws:iam::${MGMT}:user/evidentia`);
    expect(out.UserId).toMatch(/^AIDA[A-Z0-9]{16}$/);
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(emu.credentials.accountId).toBe(MGMT);
    sts.destroy();
  });

  it('assumes the audit role per account; later calls act in that account and the signed region', async () => {
    const creds = await assumeInto(emu, PROD);
    expect(creds.accessKeyId).toMatch(/^ASIA/);
    const sts = new STSClient(clientConfig(emu, creds));
    const me = await sts.send(new GetCallerIdentityCommand({}));
    expect(me.Account).toBe(PROD);
    expect(me.Arn).toBe(`arn:aws:sts::${PROD}:assumed-role/${ROLE}/integration`);

    const q = "SELECT resourceId, accountId, awsRegion WHERE resourceType = 'AWS::EC2::Volume'";
    const prodUs = new ConfigServiceClient(clientConfig(emu, creds, 'us-east-1'));
    const rows = (await prodUs.send(new SelectResourceConfigCommand({ Expression: q }))).Results?.map((r) =>
      JSON.parse(r),
    );
    expect(rows).toEqual([{ resourceId: 'vol-prod', accountId: PROD, awsRegion: 'us-east-1' }]);

    const mgmtEu = new ConfigServiceClient(clientConfig(emu, await assumeInto(emu, MGMT), 'eu-west-1'));
    const euRows = (await mgmtEu.send(new SelectResourceConfigCommand({ Expression: q }))).Results?.map((r) =>
      JSON.parse(r),
    );
    expect(euRows).toEqual([{ resourceId: 'vol-eu', accountId: MGMT, awsRegion: 'eu-west-1' }]);

    const logged = emu.requests.filter((r) => r.operation === 'SelectResourceConfig');
    expect(logged.map((r) => [r.accountId, r.region, r.status])).toEqual([
      [PROD, 'us-east-1', 200],
      [MGMT, 'eu-west-1', 200],
    ]);
    for (const c of [sts, prodUs, mgmtEu]) c.destroy();
  });

  it('refuses AssumeRole into an account that denies it, and for a role that does not exist', async () => {
    const { sts } = callerClients(emu);
    const denied = await failure(
      sts.send(
        new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${DENIED}:role/${ROLE}`, RoleSessionName: 'audit' }),
      ),
    );
    expect(denied.name).toBe('AccessDenied');
    expect(denied.$metadata.httpStatusCode).toBe(403);
    expect(denied.message).toContain(`sts:AssumeRole on resource: arn:aws:iam::${DENIED}:role/${ROLE}`);
    expect(denied.$metadata.requestId).toBeTruthy();

    const noRole = await failure(
      sts.send(
        new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${PROD}:role/NoSuchRole`, RoleSessionName: 'audit' }),
      ),
    );
    expect(noRole.name).toBe('AccessDenied');
    const noAccount = await failure(
      sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::999999999999:role/${ROLE}`,
          RoleSessionName: 'audit',
        }),
      ),
    );
    expect(noAccount.name).toBe('AccessDenied');
    sts.destroy();
  });

  it('rejects AssumeRole input the model forbids, in the awsQuery error shape', async () => {
    const { sts } = callerClients(emu);
    const err = await failure(
      sts.send(
        new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${PROD}:role/${ROLE}`, RoleSessionName: 'bad name!' }),
      ),
    );
    expect(err.name).toBe('ValidationError');
    expect(err.$metadata.httpStatusCode).toBe(400);
    expect(err.message).toContain(
      "at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern",
    );
    sts.destroy();
  });

  it('issues credentials for the world lifetime; once expired they are refused', async () => {
    const { sts } = callerClients(emu);
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${PROD}:role/${ROLE}`,
        RoleSessionName: 'short',
        DurationSeconds: 3600,
      }),
    );
    const expiresIn = (out.Credentials?.Expiration?.getTime() ?? 0) - clock.now().getTime();
    expect(expiresIn).toBeGreaterThan(898_000);
    expect(expiresIn).toBeLessThanOrEqual(900_000);
    const c = out.Credentials as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
    const creds = {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
    };
    const config = new ConfigServiceClient(clientConfig(emu, creds));
    const stsAsProd = new STSClient(clientConfig(emu, creds));
    expect(
      (await config.send(new DescribeConfigurationRecorderStatusCommand({}))).$metadata.httpStatusCode,
    ).toBe(200);

    clock.advance(901_000);
    const expiredJson = await failure(config.send(new DescribeConfigurationRecorderStatusCommand({})));
    expect(expiredJson.name).toBe('ExpiredTokenException');
    expect(expiredJson.$metadata.httpStatusCode).toBe(400);
    const expiredQuery = await failure(stsAsProd.send(new GetCallerIdentityCommand({})));
    expect(expiredQuery.name).toBe('ExpiredToken');
    expect(expiredQuery.$metadata.httpStatusCode).toBe(403);
    // The caller's long-term keys do not expire.
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(MGMT);
    for (const x of [sts, config, stsAsProd]) x.destroy();
  });

  it('refuses a session token that does not belong to the access key', async () => {
    const creds = await assumeInto(emu, PROD);
    const wrong = new STSClient(clientConfig(emu, { ...creds, sessionToken: `${creds.sessionToken}x` }));
    const err = await failure(wrong.send(new GetCallerIdentityCommand({})));
    expect(err.name).toBe('InvalidClientTokenId');
    expect(err.$metadata.httpStatusCode).toBe(403);
    const missing = new ConfigServiceClient(
      clientConfig(emu, { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey }),
    );
    const err2 = await failure(missing.send(new DescribeConfigurationRecorderStatusCommand({})));
    expect(err2.name).toBe('UnrecognizedClientException');
    wrong.destroy();
    missing.destroy();
    expect(callerKeys(emu).accessKeyId).toMatch(/^AKIA/);
  });
});
