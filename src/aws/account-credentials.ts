// Credentials per account: the role named by the profile, assumed through STS with the caller's own
// credentials, cached until shortly before it expires and then assumed again. A role that cannot be
// assumed fails every call for that account with the same recorded cause, without asking STS again.

import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { Clock } from '../core/clock.js';
import { CALL_PRIORITY, withCallPriority } from './call-priority.js';

export interface RoleSettings {
  name: string;
  externalId?: string;
  sessionName: string;
  durationSeconds: number;
  /** Account whose caller credentials are used as they are (no role assumed). */
  skipForAccount?: string;
}

/** What happened when a role was assumed, for the evidence record (never the secret parts). */
export interface AssumeOutcome {
  roleArn: string;
  parameters: Record<string, unknown>;
  response?: { AssumedRoleUser?: unknown; Expiration?: string };
  error?: unknown;
  requestId?: string;
  attempts: number;
  durationMs: number;
  at: string;
}

export class AccountCredentials {
  private readonly cache = new Map<string, Promise<AwsCredentialIdentity>>();
  private readonly failures = new Map<string, unknown>();
  readonly outcomes: AssumeOutcome[] = [];

  constructor(
    private readonly sts: STSClient,
    private readonly caller: AwsCredentialIdentityProvider,
    private readonly callerAccountId: string,
    private readonly role: RoleSettings,
    private readonly clock: Clock,
    /** Assume again when the credentials expire within this many milliseconds. */
    private readonly refreshWindowMs = 5 * 60_000,
    private readonly partition = 'aws',
    /** Told about every AssumeRole call, for the run's call counters. */
    private readonly onCall: (attempts: number, failed: boolean) => void = () => {},
  ) {}

  /** The role ARN assumed in an account. */
  roleArn(accountId: string): string {
    return `arn:${this.partition}:iam::${accountId}:role/${this.role.name}`;
  }

  /** Whether calls to this account use the caller's own credentials. */
  usesCallerCredentials(accountId: string): boolean {
    return this.role.skipForAccount === accountId && accountId === this.callerAccountId;
  }

  /** The cause recorded when the account's role could not be assumed, if it could not. */
  failureOf(accountId: string): unknown {
    return this.failures.get(accountId);
  }

  /** A provider for the SDK: assumes on first use, refreshes before expiry, remembers failure. */
  provider(accountId: string): AwsCredentialIdentityProvider {
    if (this.usesCallerCredentials(accountId)) return this.caller;
    return () => this.get(accountId);
  }

  /** Resolve credentials for the account now (used to fail fast before a task starts). */
  async get(accountId: string): Promise<AwsCredentialIdentity> {
    if (this.usesCallerCredentials(accountId)) return this.caller();
    const failed = this.failures.get(accountId);
    if (failed !== undefined) throw failed;
    const cached = this.cache.get(accountId);
    if (cached) {
      const creds = await cached;
      const expires = creds.expiration?.getTime();
      if (expires === undefined || expires - this.clock.now().getTime() > this.refreshWindowMs) return creds;
      // Calls that found the same expiring session share one renewal instead of each assuming the role.
      const current = this.cache.get(accountId);
      if (current !== undefined && current !== cached) return current;
    }
    const pending = this.assume(accountId);
    this.cache.set(accountId, pending);
    return pending;
  }

  private async assume(accountId: string): Promise<AwsCredentialIdentity> {
    const roleArn = this.roleArn(accountId);
    const params = {
      RoleArn: roleArn,
      RoleSessionName: this.role.sessionName,
      DurationSeconds: this.role.durationSeconds,
      ...(this.role.externalId ? { ExternalId: this.role.externalId } : {}),
    };
    const started = Date.now();
    const at = this.clock.now().toISOString();
    const recorded = { ...params, ...(params.ExternalId ? { ExternalId: '[set]' } : {}) };
    try {
      // Every call of the account waits for this one: it goes before the caller's other waiting calls.
      const out = await withCallPriority(CALL_PRIORITY.access, () =>
        this.sts.send(new AssumeRoleCommand(params)),
      );
      this.onCall(out.$metadata.attempts ?? 1, false);
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey)
        throw new Error(`AssumeRole for ${roleArn} returned no credentials`);
      this.outcomes.push({
        roleArn,
        parameters: recorded,
        response: { AssumedRoleUser: out.AssumedRoleUser, Expiration: c.Expiration?.toISOString() },
        requestId: out.$metadata.requestId,
        attempts: out.$metadata.attempts ?? 1,
        durationMs: Date.now() - started,
        at,
      });
      return {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
        ...(c.Expiration ? { expiration: c.Expiration } : {}),
      };
    } catch (err) {
      const attempts = (err as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;
      if (!(err instanceof Error && err.message.includes('returned no credentials')))
        this.onCall(attempts, true);
      this.cache.delete(accountId);
      this.failures.set(accountId, err);
      this.outcomes.push({
        roleArn,
        parameters: recorded,
        error: err,
        attempts: 1,
        durationMs: Date.now() - started,
        at,
      });
      throw err;
    }
  }
}
