// Requests AWS would refuse, answered the way AWS answers them for each protocol, so each SDK raises the
// exception class it would raise against AWS.

import { request } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import {
  ConfigServiceClient,
  DeleteConfigRuleCommand,
  DescribeConfigRulesCommand,
  GetComplianceDetailsByConfigRuleCommand,
  type GetComplianceDetailsByConfigRuleCommandInput,
  ValidationException,
} from '@aws-sdk/client-config-service';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../../src/emulator/index.js';
import { callerKeys, clientConfig, configIn, failure, MGMT, testWorld } from './emulator-fixture.js';

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Send a request signed with the caller's keys (or not at all) without an SDK client in between. */
async function raw(
  emu: Emulator,
  init: { headers: Record<string, string>; body: string; service: string; sign?: boolean },
): Promise<RawAnswer> {
  const url = new URL(emu.url);
  let req = new HttpRequest({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers: { host: url.host, ...init.headers },
    body: init.body,
  });
  if (init.sign !== false) {
    const signer = new SignatureV4({
      credentials: callerKeys(emu),
      region: 'us-east-1',
      service: init.service,
      sha256: Sha256,
    });
    req = (await signer.sign(req)) as HttpRequest;
  }
  return new Promise((resolve, reject) => {
    const r = request(
      { host: url.hostname, port: url.port, method: 'POST', path: '/', headers: req.headers },
      (res) => {
        let body = '';
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    r.on('error', reject);
    r.end(init.body);
  });
}

describe('protocol errors', () => {
  let emu: Emulator;
  let config: ConfigServiceClient;

  beforeAll(async () => {
    emu = await startEmulator({ world: testWorld() });
    config = await configIn(emu, MGMT);
  });
  afterAll(async () => {
    config.destroy();
    await emu.close();
  });

  it('rejects a missing required member with ValidationException and a request id', async () => {
    const err = await failure(
      config.send(
        new GetComplianceDetailsByConfigRuleCommand({} as GetComplianceDetailsByConfigRuleCommandInput),
      ),
    );
    expect(err).toBeInstanceOf(ValidationException);
    expect(err.$metadata.httpStatusCode).toBe(400);
    expect(err.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(err.message).toBe(
      "1 validation error detected: Value null at 'configRuleName' failed to satisfy constraint: Member must not be null",
    );
    const logged = emu.requests.at(-1);
    expect(logged).toMatchObject({
      service: 'config',
      operation: 'GetComplianceDetailsByConfigRule',
      status: 400,
      errorCode: 'ValidationException',
    });
    expect(logged?.requestId).toBe(err.$metadata.requestId);
  });

  it('rejects a member of the wrong type with SerializationException', async () => {
    const input = {
      ConfigRuleName: 'encrypted-volumes',
      Limit: 'ten',
    } as unknown as GetComplianceDetailsByConfigRuleCommandInput;
    const err = await failure(config.send(new GetComplianceDetailsByConfigRuleCommand(input)));
    expect(err.name).toBe('SerializationException');
    expect(err.$metadata.httpStatusCode).toBe(400);
  });

  it('answers unparseable JSON with SerializationException and an unknown target with UnknownOperationException', async () => {
    const headers = {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'StarlingDoveService.DescribeConfigRules',
    };
    const bad = await raw(emu, { headers, body: '{"ConfigRuleNames": [', service: 'config' });
    expect(bad.status).toBe(400);
    expect(bad.headers['x-amzn-errortype']).toBe('SerializationException');
    expect(bad.headers['x-amzn-requestid']).toBeTruthy();

    const unknown = await raw(emu, {
      headers: { ...headers, 'x-amz-target': 'StarlingDoveService.DescribeEverything' },
      body: '{}',
      service: 'config',
    });
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body)).toEqual({
      __type: 'UnknownOperationException',
      message: 'Operation DescribeEverything is not supported by StarlingDoveService.',
    });
  });

  it('answers an unknown awsQuery action with InvalidAction in the XML error shape', async () => {
    const answer = await raw(emu, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetEverything&Version=2011-06-15',
      service: 'sts',
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatch(
      /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code><Message>.*<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/,
    );
  });

  it('answers a modelled operation the emulator does not implement with 501 NotImplemented', async () => {
    const err = await failure(
      config.send(new DeleteConfigRuleCommand({ ConfigRuleName: 'encrypted-volumes' })),
    );
    expect(err.name).toBe('NotImplemented');
    expect(err.$metadata.httpStatusCode).toBe(501);
    expect(err.message).toContain('StarlingDoveService.DeleteConfigRule');
    // A 5xx is retried by the SDK; the rule must still be there.
    expect(
      (await config.send(new DescribeConfigRulesCommand({ ConfigRuleNames: ['encrypted-volumes'] })))
        .ConfigRules,
    ).toHaveLength(1);
  });

  it('rejects a bad signature: InvalidSignatureException (json), SignatureDoesNotMatch (query)', async () => {
    const wrong = {
      accessKeyId: emu.credentials.accessKeyId,
      secretAccessKey: 'not-the-secret-not-the-secret-0000000000',
    };
    const cfg = new ConfigServiceClient(clientConfig(emu, wrong));
    const jsonErr = await failure(cfg.send(new DescribeConfigRulesCommand({})));
    expect(jsonErr.name).toBe('InvalidSignatureException');
    expect(jsonErr.$metadata.httpStatusCode).toBe(403);
    const sts = new STSClient(clientConfig(emu, wrong));
    const queryErr = await failure(sts.send(new GetCallerIdentityCommand({})));
    expect(queryErr.name).toBe('SignatureDoesNotMatch');
    expect(queryErr.$metadata.httpStatusCode).toBe(403);
    cfg.destroy();
    sts.destroy();
  });

  it('rejects an unknown access key and an unsigned request', async () => {
    const stranger = {
      accessKeyId: 'AKIAUNKNOWNUNKNOWN00',
      secretAccessKey: 'whatever-whatever-whatever-whatever-0000',
    };
    const cfg = new ConfigServiceClient(clientConfig(emu, stranger));
    const jsonErr = await failure(cfg.send(new DescribeConfigRulesCommand({})));
    expect(jsonErr.name).toBe('UnrecognizedClientException');
    expect(jsonErr.$metadata.httpStatusCode).toBe(403);
    const sts = new STSClient(clientConfig(emu, stranger));
    expect((await failure(sts.send(new GetCallerIdentityCommand({})))).name).toBe('InvalidClientTokenId');

    const unsigned = await raw(emu, {
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'StarlingDoveService.DescribeConfigRules',
      },
      body: '{}',
      service: 'config',
      sign: false,
    });
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers['x-amzn-errortype']).toBe('MissingAuthenticationTokenException');
    cfg.destroy();
    sts.destroy();
  });
});
