// The live state the emulator answers from, built from a World. Account × region state (recorder, items,
// rules, evaluations, conformance packs) is expanded on first use, so a 1,000-account world starts fast.
// Tests may change any of it between calls.

import type { ConfigurationItem } from '../config-query/index.js';
import { KmsKeyStore } from '../services/kms/kms-key-store.js';
import { expandRegion } from './expand-region.js';
import type { ComplianceValue, RecorderMode, World, WorldAccount } from './world-schema.js';

export interface EvaluationState {
  resourceType: string;
  resourceId: string;
  compliance: ComplianceValue;
  annotation?: string;
  recordedAt: Date;
}

export interface RuleState {
  name: string;
  /** Managed rule identifier (`Source.SourceIdentifier`). */
  identifier: string;
  arn: string;
  id: string;
  state: 'ACTIVE' | 'EVALUATING' | 'DELETING' | 'DELETING_RESULTS';
  /** Resource types in the rule's scope; empty for account-level rules. */
  resourceTypes: string[];
  firstActivatedAt: Date;
  lastSuccessAt: Date;
  /** Set when the latest evaluation failed. */
  lastError?: { code: string; message: string; at: Date };
  evaluations: EvaluationState[];
  /** `InputParameters` (JSON text) of a rule deployed from a conformance pack; world rules have none. */
  inputParameters?: string;
}

export interface ConformancePackState {
  name: string;
  arn: string;
  id: string;
  /** Names of the deployed rules that belong to the pack. */
  ruleNames: string[];
  createdAt: Date;
  /** When the pack was last put (packs deployed through PutConformancePack or an organisation pack). */
  updatedAt?: Date;
  /** The organisation pack this is the member copy of. */
  organizationPack?: string;
}

/** An organisation conformance pack (PutOrganizationConformancePack), kept per region of the management account. */
export interface OrganizationPackState {
  name: string;
  region: string;
  arn: string;
  excludedAccounts: string[];
  /** The member pack name, the same in every account (`OrgConformsPack-<name>-<suffix>`). */
  memberPackName: string;
  updatedAt: Date;
}

export interface RegionState {
  accountId: string;
  region: string;
  recorder: RecorderMode;
  /** Configuration items recorded here (queryable only while the recorder is on). */
  items: ConfigurationItem[];
  /** Deployed rules, sorted by name. */
  rules: RuleState[];
  conformancePacks: ConformancePackState[];
}

export interface AccountState {
  id: string;
  name: string;
  email: string;
  status: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE' | 'CLOSED';
  joinedAt: Date;
  joinedMethod: 'INVITED' | 'CREATED';
  /** Roles that exist in the account. */
  roles: Set<string>;
  /** deny: AssumeRole into this account is refused. */
  assumeRole: 'allow' | 'deny';
  credentialLifetimeSeconds?: number;
}

export interface AggregatorState {
  name: string;
  accountId: string;
  region: string;
  arn: string;
  organization: boolean;
  /** Explicit source accounts (when not organisation-wide). */
  accounts: string[];
  /** Source regions; undefined = all regions. */
  regions?: string[];
  createdAt: Date;
}

export class WorldState {
  readonly organization: {
    id: string;
    arn: string;
    featureSet: 'ALL' | 'CONSOLIDATED_BILLING';
    managementAccountId: string;
  };
  readonly regions: string[];
  readonly accounts = new Map<string, AccountState>();
  readonly aggregators: AggregatorState[];
  /** The instant recorded state is stamped with. */
  readonly time: Date;
  auditRole: string;
  /** Lifetime of issued credentials, when the world fixes it. */
  credentialLifetimeSeconds: number | undefined;
  /** AWS KMS keys (key material made on first use). */
  readonly kms: KmsKeyStore;
  /** Organisation conformance packs put so far (none in a world file: they are made by calls). */
  readonly organizationPacks: OrganizationPackState[] = [];
  private readonly specs = new Map<string, WorldAccount>();
  private readonly regionStates = new Map<string, RegionState>();

  constructor(
    readonly world: World,
    now: Date,
  ) {
    this.time = world.time ? new Date(world.time) : new Date(now.getTime());
    const mgmt = world.organization.managementAccount;
    this.organization = {
      id: world.organization.id,
      arn: `arn:aws:organizations::${mgmt}:organization/${world.organization.id}`,
      featureSet: world.organization.featureSet,
      managementAccountId: mgmt,
    };
    this.regions = [...world.regions];
    this.auditRole = world.auditRole;
    this.credentialLifetimeSeconds = world.credentialLifetimeSeconds;
    this.kms = new KmsKeyStore(world.kms, world.seed, this.time);
    world.accounts.forEach((a, i) => {
      this.specs.set(a.id, a);
      const state: AccountState = {
        id: a.id,
        name: a.name,
        email: a.email,
        status: a.status,
        joinedAt: a.joinedAt ? new Date(a.joinedAt) : new Date(this.time.getTime() - (400 - i) * 86_400_000),
        joinedMethod: a.id === mgmt ? 'CREATED' : a.joinedMethod,
        roles: new Set(a.roles ?? [world.auditRole]),
        assumeRole: a.assumeRole,
      };
      if (a.credentialLifetimeSeconds !== undefined)
        state.credentialLifetimeSeconds = a.credentialLifetimeSeconds;
      this.accounts.set(a.id, state);
    });
    this.aggregators = world.aggregators.map((g) => {
      const state: AggregatorState = {
        name: g.name,
        accountId: g.account,
        region: g.region,
        arn: `arn:aws:config:${g.region}:${g.account}:config-aggregator/config-aggregator-${shortHash(`${g.account}/${g.region}/${g.name}`)}`,
        organization: g.organization,
        accounts: g.accounts ?? [],
        createdAt: new Date(this.time.getTime() - 90 * 86_400_000),
      };
      if (g.regions) state.regions = [...g.regions];
      return state;
    });
  }

  /** The management account's state. */
  managementAccount(): AccountState {
    return this.accounts.get(this.organization.managementAccountId) as AccountState;
  }

  /** Config state of one account in one region; undefined for an unknown account or a region outside the world. */
  region(accountId: string, region: string): RegionState | undefined {
    const key = `${accountId}/${region}`;
    let state = this.regionStates.get(key);
    if (state) return state;
    const spec = this.specs.get(accountId);
    if (!spec || !this.regions.includes(region)) return undefined;
    state = expandRegion(this.world, spec, region, this.time);
    this.regionStates.set(key, state);
    return state;
  }

  /** The world's definition of an account (its resources and rule settings), for rules deployed after start. */
  accountSpec(accountId: string): WorldAccount | undefined {
    return this.specs.get(accountId);
  }

  /** The accounts and regions an aggregator covers. */
  aggregatorSources(agg: AggregatorState): { accountId: string; region: string }[] {
    const accounts = agg.organization
      ? [...this.accounts.values()].filter((a) => a.status === 'ACTIVE').map((a) => a.id)
      : agg.accounts.filter((a) => this.accounts.has(a));
    const regions = agg.regions ?? this.regions;
    return accounts.flatMap((accountId) => regions.map((region) => ({ accountId, region })));
  }
}

/** A short stable id derived from text (for ARNs and ids). */
export function shortHash(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0).toString(36).padStart(6, '0').slice(0, 6);
}
