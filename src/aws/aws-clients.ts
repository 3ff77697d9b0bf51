// The one place SDK clients are made: per account and region, with assumed-role credentials, the run's
// endpoint override, retries under a run-wide budget, call timeouts, and the concurrency gate (which also
// paces an account's calls once AWS throttles it).

import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentityProvider, RetryStrategyV2 } from '@smithy/types';
import type { Clock } from '../core/clock.js';
import { toolVersion } from '../core/version.js';
import { AccountCredentials, type RoleSettings } from './account-credentials.js';
import { CALLER, CallGate, type ConcurrencyLimits, installGate, type SharedCallSlots } from './call-gate.js';
import { CallMetrics } from './call-metrics.js';
import { RecentClients, recentClientsKept } from './recent-clients.js';
import { BudgetedRetryStrategy, type RetryAllowance, RetryBudget } from './retry-budget.js';

export interface AwsClientSettings {
  /** Caller credentials; default: the SDK's default chain (env, profiles, SSO, container and instance roles). */
  credentials?: AwsCredentialIdentityProvider;
  /** One endpoint for every service (the emulator); otherwise the SDK resolves endpoints, honouring AWS_ENDPOINT_URL_*. */
  endpoint?: string;
  /** Region for STS and Organizations calls. */
  homeRegion: string;
  role: RoleSettings;
  limits: ConcurrencyLimits;
  maxAttempts: number;
  callTimeoutMs: number;
  /** Retries allowed for the whole run (default: 20 per concurrency slot, at least 200). */
  retryBudget?: number;
  clock: Clock;
  credentialRefreshWindowMs?: number;
  /** Cluster-wide limits and retry budget (a worker of a BullMQ run); absent: this process's own. */
  shared?: { slots: SharedCallSlots; retries: RetryAllowance };
}

/** The settings every SDK client of a run shares; each client's own config type accepts them. */
export interface BaseClientConfig {
  region: string;
  requestHandler: NodeHttpHandler;
  retryStrategy: RetryStrategyV2;
  maxAttempts: number;
  credentials?: AwsCredentialIdentityProvider;
  endpoint?: string;
  /** `evidentia/<version>`, so CloudTrail (and the emulator's request log) can tell Evidentia's calls apart. */
  customUserAgent: string;
}

/** Factory and cache of SDK clients for one run. Call `destroy()` when the run ends. */
export class AwsClients {
  readonly metrics = new CallMetrics();
  readonly gate: CallGate;
  readonly budget: RetryAllowance;
  private readonly handler: NodeHttpHandler;
  private readonly agents: { http: HttpAgent; https: HttpsAgent };
  private readonly configClients: RecentClients<ConfigServiceClient>;
  private readonly destroyables: { destroy(): void }[] = [];
  /** Clients kept per account and region for collection, by every service: let go when collection ends. */
  private readonly collectionCaches: { clear(): void }[] = [];
  private callerSts: STSClient | undefined;
  private accountCredentials: AccountCredentials | undefined;
  private callerAccount: string | undefined;

  constructor(readonly settings: AwsClientSettings) {
    this.configClients = this.keepForCollection(new RecentClients(recentClientsKept(settings.limits.global)));
    this.gate = new CallGate(settings.limits, this.metrics, undefined, settings.shared?.slots);
    this.budget =
      settings.shared?.retries ??
      new RetryBudget(settings.retryBudget ?? Math.max(200, settings.limits.global * 20));
    const maxSockets = settings.limits.global;
    this.agents = {
      http: new HttpAgent({ keepAlive: true, maxSockets }),
      https: new HttpsAgent({ keepAlive: true, maxSockets }),
    };
    this.handler = new NodeHttpHandler({
      httpAgent: this.agents.http,
      httpsAgent: this.agents.https,
      connectionTimeout: Math.min(settings.callTimeoutMs, 10_000),
      requestTimeout: settings.callTimeoutMs,
      // Without this the handler only logs a warning when requestTimeout passes and keeps waiting.
      throwOnRequestTimeout: true,
    });
  }

  /** Shared settings for every client: handler, retries, endpoint. */
  baseConfig(region: string, credentials: AwsCredentialIdentityProvider | undefined): BaseClientConfig {
    const config: BaseClientConfig = {
      region,
      requestHandler: this.handler,
      retryStrategy: new BudgetedRetryStrategy(this.settings.maxAttempts, this.budget),
      maxAttempts: this.settings.maxAttempts,
      customUserAgent: `evidentia/${toolVersion()}`,
    };
    if (credentials) config.credentials = credentials;
    if (this.settings.endpoint) config.endpoint = this.settings.endpoint;
    return config;
  }

  /** STS with the caller's credentials (GetCallerIdentity, AssumeRole). */
  sts(): STSClient {
    if (!this.callerSts) {
      this.callerSts = new STSClient(this.baseConfig(this.settings.homeRegion, this.settings.credentials));
      installGate(this.callerSts, this.gate, CALLER);
      this.destroyables.push(this.callerSts);
    }
    return this.callerSts;
  }

  /** The account the caller's credentials belong to (asked once). */
  async callerAccountId(): Promise<string> {
    if (!this.callerAccount) {
      const out = await this.sts().send(new GetCallerIdentityCommand({}));
      this.metrics.recordCall('sts', 'GetCallerIdentity', out.$metadata.attempts ?? 1, false);
      if (!out.Account) throw new Error('GetCallerIdentity returned no account');
      this.callerAccount = out.Account;
      this.gate.setCallerAccount(out.Account);
    }
    return this.callerAccount;
  }

  /**
   * Take the caller's account as already known (a cluster worker asks once per process, not once per job:
   * pipeline/staged/stage-context.ts). A different answer from this client's own question is a bug: refused.
   */
  knowCallerAccount(accountId: string): void {
    if (this.callerAccount !== undefined && this.callerAccount !== accountId)
      throw new Error(`caller account ${accountId} differs from ${this.callerAccount}`);
    this.callerAccount = accountId;
    this.gate.setCallerAccount(accountId);
  }

  /** Per-account credentials (assumed roles). Requires `callerAccountId()` to have been resolved. */
  credentials(): AccountCredentials {
    if (!this.accountCredentials) {
      if (!this.callerAccount) throw new Error('callerAccountId() must be resolved before assuming roles');
      const callerCredentials =
        this.settings.credentials ?? (this.sts().config.credentials as AwsCredentialIdentityProvider);
      this.accountCredentials = new AccountCredentials(
        this.sts(),
        callerCredentials,
        this.callerAccount,
        this.settings.role,
        this.settings.clock,
        this.settings.credentialRefreshWindowMs,
        'aws',
        (attempts, failed) => this.metrics.recordCall('sts', 'AssumeRole', attempts, failed),
      );
    }
    return this.accountCredentials;
  }

  /** Organizations, called from the caller's (management) account. */
  organizations(): OrganizationsClient {
    const client = new OrganizationsClient(this.baseConfig('us-east-1', this.settings.credentials));
    installGate(client, this.gate, CALLER);
    this.destroyables.push(client);
    return client;
  }

  /**
   * AWS Config in one account and region. The most recently used clients are kept (enough for every task in
   * flight); older ones are let go, so a run over thousands of account-regions does not hold a client for
   * each (~20 KB apiece). A client let go is made again if its account-region is asked for later.
   */
  config(accountId: string, region: string): ConfigServiceClient {
    return this.configClients.get(`${accountId}/${region}`, () => {
      const client = new ConfigServiceClient(this.baseConfig(region, this.credentials().provider(accountId)));
      installGate(client, this.gate, accountId);
      return client;
    });
  }

  /** Keep `cache` (of per-account or per-account-region clients) until collection ends (`endCollection`). */
  keepForCollection<T extends { clear(): void }>(cache: T): T {
    this.collectionCaches.push(cache);
    return cache;
  }

  /**
   * Collection is over: let go of the clients kept per account and region (hundreds at 1,000 accounts, each
   * with its own serializer buffer, about 18 MiB in all), which rendering and bundling never use. A client
   * asked for later is made again.
   */
  endCollection(): void {
    for (const cache of this.collectionCaches) cache.clear();
  }

  /** Close every client and its sockets. */
  destroy(): void {
    for (const d of this.destroyables) d.destroy();
    this.handler.destroy();
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}
