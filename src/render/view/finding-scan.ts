// One pass over every finding of a run, keeping only bounded aggregates (per control, per query, per
// account): a run with millions of findings yields a scan the size of its catalogue and account list.

import type { EvidenceKind } from '../../core/evidence-kind.js';
import { isDecisive } from '../../core/evidence-role.js';
import type { Finding, ResourceRef } from '../../core/finding.js';
import { emptyCounts, STATUS_RANK, STATUSES, type Status } from '../../core/status.js';
import {
  addMissing,
  isUndeployedRuleFinding,
  type MissingRule,
  ruleOfQueryKey,
} from '../../packs/missing-rules.js';
import { ByControl } from '../by-control.js';
import { DistinctSample } from '../capped.js';
import type { ReportLimits } from '../report-input.js';
import { IdSet, Numbering } from './id-set.js';
import { controlKey } from './report-catalog.js';

/** Failing findings of one control. */
export interface ControlFailures {
  accounts: IdSet;
  regions: IdSet;
  failingResources: number;
  /** Some failing finding's count is a lower bound ("at least"). */
  atLeast: boolean;
  queries: Set<string>;
}

/** Failing verdicts of one evidence query, counted once per scope however many controls use the query. */
export interface QueryFailures {
  kind: EvidenceKind;
  /** Scopes counted so far, as account number × 65,536 + region number. */
  scopes: Set<number>;
  accounts: Map<string, { regions: Set<string>; failingCount: number; atLeast: boolean }>;
  failingCount: number;
  /** Some scope's count is a lower bound ("at least"). */
  atLeast: boolean;
  resources: ResourceRef[];
  reasons: DistinctSample;
}

/** How one supporting query stood for one control (worst over its scopes). */
export interface SupportingState {
  kind: EvidenceKind;
  status: Status;
  findings: number;
  failing: number;
}

/** Unproven findings (ERROR or NOT_EVALUATED) that share one cause, i.e. one reason with scopes blanked. */
export interface UnprovenCause {
  status: 'ERROR' | 'NOT_EVALUATED';
  cause: string;
  example: string;
  findings: number;
  accounts: IdSet;
  regions: IdSet;
  queries: Set<string>;
  controls: Set<string>;
  /** The managed rule, when the cause is that rule not being deployed (so the report can name its pack). */
  undeployedRule?: string;
}

/** How one Artifact report or agreement stood for one control (worst over its scopes). */
export interface ProofState {
  kind: EvidenceKind;
  status: Status;
  reason: string;
}

/** One evidence check of one control over every scope: the worst status, counts, accounts, one reason. */
export interface CheckState {
  status: Status;
  /** Findings by status. */
  counts: Record<Status, number>;
  /** Failing resources over the check's FAIL findings. */
  failingResources: number;
  /** Every account with a finding of this check; and those whose finding is the worst status. */
  accounts: IdSet;
  worstAccounts: IdSet;
  /** The reason of the first finding at the worst status. */
  reason: string;
}

/** Where a control's findings are: the worst status per account, and the regions. */
export interface ControlScopes {
  accounts: Map<string, Status>;
  regions: IdSet;
}

export interface FindingScan {
  /** Control key → its worst status per account and its regions (for the HTML page's filters). */
  scopes: Map<string, ControlScopes>;
  /** Control key → query key → state: one row per evidence check in the detail report. */
  checks: Map<string, Map<string, CheckState>>;
  failing: Map<string, ControlFailures>;
  failingQueries: Map<string, QueryFailures>;
  /** By status + cause; past MAX_CAUSES distinct causes, further ones share one "other causes" entry. */
  unproven: Map<string, UnprovenCause>;
  errorAccounts: IdSet;
  /** First MANUAL finding per control (control key). */
  manual: Map<string, Finding>;
  /** Control key → query key → state, for artifact-report and artifact-agreement findings. */
  proofs: Map<string, Map<string, ProofState>>;
  /**
   * Control key → query key → state, for supporting findings. They are kept here only: they never decide a
   * verdict, so they are not among a control's failures, unproven causes or error counts.
   */
  supporting: Map<string, Map<string, SupportingState>>;
  errorFindings: number;
  notEvaluatedFindings: number;
  /** Managed rules the run found not deployed (decisive findings only), by identifier. */
  undeployed: Map<string, MissingRule>;
  /**
   * Rule identifier → the conformance pack that `packs generate --missing-from` this run would put it in. Empty
   * after the scan; the view model fills it once the packs are planned, before any section is built.
   */
  deployPackOf: Map<string, string>;
}

/** An empty scan; its account and region sets number their names with `accounts` and `regions`. */
function emptyScan(accounts: Numbering): FindingScan {
  return {
    scopes: new Map(),
    checks: new Map(),
    failing: new Map(),
    failingQueries: new Map(),
    unproven: new Map(),
    errorAccounts: new IdSet(accounts),
    manual: new Map(),
    proofs: new Map(),
    supporting: new Map(),
    errorFindings: 0,
    notEvaluatedFindings: 0,
    undeployed: new Map(),
    deployPackOf: new Map(),
  };
}

/**
 * Where the finding being scanned is, numbered: its account and region as numbers (for the bit sets) and as
 * the first string seen with that text, and its query key likewise. Map lookups on a string the scan has
 * seen before hash it once, not once per finding (each finding's strings are fresh from JSON.parse).
 */
interface Where {
  /** The status as the literal of STATUSES: a key V8 need not look up in its string table on every use. */
  status: Status;
  rank: number;
  account: number;
  accountId: string;
  region: number;
  regionName: string;
  query: string;
}

/** The scan as a consumer of the one pass over the findings (`render/findings-pass.ts`): fed one at a time. */
export class FindingScanner {
  readonly scan: FindingScan;
  private readonly accounts = new Numbering();
  private readonly regions = new Numbering();
  /** Control keys by framework and control id, made once per control rather than once per finding. */
  private readonly keys = new ByControl<string>();
  /** Reused for every finding (no object per finding). */
  private readonly where: Where = {
    status: 'PASS',
    rank: 0,
    account: 0,
    accountId: '',
    region: 0,
    regionName: '',
    query: '',
  };

  constructor(private readonly limits: ReportLimits) {
    this.scan = emptyScan(this.accounts);
  }

  add(f: Finding): void {
    const scan = this.scan;
    addMissing(scan.undeployed, f);
    const ck = this.controlKey(f.frameworkId, f.controlId);
    const w = this.where;
    w.status = literalStatus(f.status);
    w.rank = STATUS_RANK[w.status];
    w.account = this.accounts.id(f.accountId);
    w.accountId = this.accounts.names[w.account]!;
    w.region = this.regions.id(f.region);
    w.regionName = this.regions.names[w.region]!;
    // A query's verdict in one scope comes joined to each control that uses it, one finding after another.
    if (f.queryKey !== w.query) w.query = f.queryKey;
    addCheck(scan, ck, f, w, this.accounts);
    if (!isDecisive(f)) {
      addSupporting(scan, ck, f, w);
      return;
    }
    if (f.kind === 'artifact-report' || f.kind === 'artifact-agreement') addProof(scan, ck, f, w);
    addScope(scan, ck, w, this.regions);
    switch (w.status) {
      case 'FAIL':
        addFailure(scan, ck, f, w, this.limits, this.accounts, this.regions);
        break;
      case 'ERROR':
        scan.errorFindings += 1;
        scan.errorAccounts.add(w.account);
        addUnproven(scan, ck, f, w, 'ERROR', this.accounts, this.regions);
        break;
      case 'NOT_EVALUATED':
        scan.notEvaluatedFindings += 1;
        addUnproven(scan, ck, f, w, 'NOT_EVALUATED', this.accounts, this.regions);
        break;
      case 'MANUAL':
        if (!scan.manual.has(ck)) scan.manual.set(ck, f);
        break;
      default:
        break;
    }
  }

  private controlKey(frameworkId: string, controlId: string): string {
    return (
      this.keys.get(frameworkId, controlId) ??
      this.keys.set(frameworkId, controlId, controlKey(frameworkId, controlId))
    );
  }
}

/** Scan findings once (an array, or a stream of the findings file). */
export async function scanFindings(
  findings: Iterable<Finding> | AsyncIterable<Finding>,
  limits: ReportLimits,
): Promise<FindingScan> {
  const scanner = new FindingScanner(limits);
  for await (const f of findings) scanner.add(f);
  return scanner.scan;
}

function addFailure(
  scan: FindingScan,
  ck: string,
  f: Finding,
  w: Where,
  limits: ReportLimits,
  accounts: Numbering,
  regions: Numbering,
): void {
  let c = scan.failing.get(ck);
  if (!c) {
    c = {
      accounts: new IdSet(accounts),
      regions: new IdSet(regions),
      failingResources: 0,
      atLeast: false,
      queries: new Set(),
    };
    scan.failing.set(ck, c);
  }
  c.accounts.add(w.account);
  c.regions.add(w.region);
  c.failingResources += f.failingCount;
  if (f.failingCountAtLeast) c.atLeast = true;
  c.queries.add(w.query);

  let q = scan.failingQueries.get(w.query);
  if (!q) {
    q = {
      kind: f.kind,
      scopes: new Set(),
      accounts: new Map(),
      failingCount: 0,
      atLeast: false,
      resources: [],
      reasons: new DistinctSample(limits.reasonsPerGroup),
    };
    scan.failingQueries.set(w.query, q);
  }
  const scope = w.account * 0x10000 + w.region;
  if (q.scopes.has(scope)) return; // the same verdict, reached through another control
  q.scopes.add(scope);
  q.failingCount += f.failingCount;
  if (f.failingCountAtLeast) q.atLeast = true;
  const acct = q.accounts.get(w.accountId) ?? { regions: new Set<string>(), failingCount: 0, atLeast: false };
  acct.regions.add(w.regionName);
  acct.failingCount += f.failingCount;
  if (f.failingCountAtLeast) acct.atLeast = true;
  q.accounts.set(w.accountId, acct);
  for (const r of f.resources) {
    if (q.resources.length >= limits.resourcesPerQuery) break;
    q.resources.push(r);
  }
  if (f.resources.length === 0) q.reasons.add(f.reason);
}

/** Distinct causes tracked before the rest are lumped together (keeps the scan bounded). */
const MAX_CAUSES = 500;

/** A reason with its account ids and region names blanked, so one cause across many scopes is one entry. */
export function causeOf(reason: string): string {
  return reason
    .replace(/\b\d{12}\b/g, '<account>')
    .replace(/\b[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}\b/g, '<region>');
}

function addUnproven(
  scan: FindingScan,
  ck: string,
  f: Finding,
  w: Where,
  status: 'ERROR' | 'NOT_EVALUATED',
  accounts: Numbering,
  regions: Numbering,
): void {
  let cause = causeOf(f.reason);
  let key = `${status}\u0000${cause}`;
  if (!scan.unproven.has(key) && scan.unproven.size >= MAX_CAUSES) {
    cause = 'Other causes (too many distinct reasons to list; see findings.csv)';
    key = `${status}\u0000${cause}`;
  }
  let u = scan.unproven.get(key);
  if (!u) {
    u = {
      status,
      cause,
      example: f.reason,
      findings: 0,
      accounts: new IdSet(accounts),
      regions: new IdSet(regions),
      queries: new Set(),
      controls: new Set(),
    };
    // The lumped "other causes" entry mixes causes: it names no pack.
    if (isUndeployedRuleFinding(f) && scan.unproven.size < MAX_CAUSES)
      u.undeployedRule = ruleOfQueryKey(f.queryKey);
    scan.unproven.set(key, u);
  }
  u.findings += 1;
  u.accounts.add(w.account);
  u.regions.add(w.region);
  u.queries.add(w.query);
  u.controls.add(ck);
}

function addProof(scan: FindingScan, ck: string, f: Finding, w: Where): void {
  let byQuery = scan.proofs.get(ck);
  if (!byQuery) {
    byQuery = new Map();
    scan.proofs.set(ck, byQuery);
  }
  const prev = byQuery.get(w.query);
  if (!prev || w.rank > STATUS_RANK[prev.status]) {
    byQuery.set(w.query, { kind: f.kind, status: w.status, reason: f.reason });
  }
}

function addSupporting(scan: FindingScan, ck: string, f: Finding, w: Where): void {
  let byQuery = scan.supporting.get(ck);
  if (!byQuery) {
    byQuery = new Map();
    scan.supporting.set(ck, byQuery);
  }
  let s = byQuery.get(w.query);
  if (!s) {
    s = { kind: f.kind, status: w.status, findings: 0, failing: 0 };
    byQuery.set(w.query, s);
  }
  if (s.findings > 0 && w.rank > STATUS_RANK[s.status]) s.status = w.status;
  s.findings += 1;
  if (w.status === 'FAIL') s.failing += 1;
}

/** Where a control's decisive findings are: the worst status per account, and the regions (the HTML filters). */
function addScope(scan: FindingScan, ck: string, w: Where, regions: Numbering): void {
  let sc = scan.scopes.get(ck);
  if (!sc) {
    sc = { accounts: new Map(), regions: new IdSet(regions) };
    scan.scopes.set(ck, sc);
  }
  const was = sc.accounts.get(w.accountId);
  if (!was || w.rank > STATUS_RANK[was]) sc.accounts.set(w.accountId, w.status);
  sc.regions.add(w.region);
}

/** One evidence check of a control, decisive or supporting, with its own status (the evidence-detail rows). */
function addCheck(scan: FindingScan, ck: string, f: Finding, w: Where, accounts: Numbering): void {
  let byQuery = scan.checks.get(ck);
  if (!byQuery) {
    byQuery = new Map();
    scan.checks.set(ck, byQuery);
  }
  let c = byQuery.get(w.query);
  if (!c) {
    c = {
      status: w.status,
      // Every status from the start: one object shape for every check, so counting stays a fast field update.
      counts: emptyCounts(),
      failingResources: 0,
      accounts: new IdSet(accounts),
      worstAccounts: new IdSet(accounts),
      reason: f.reason,
    };
    byQuery.set(w.query, c);
  }
  c.counts[w.status] += 1;
  if (w.status === 'FAIL') c.failingResources += f.failingCount;
  c.accounts.add(w.account);
  if (w.rank > STATUS_RANK[c.status]) {
    c.status = w.status;
    c.reason = f.reason;
    c.worstAccounts = IdSet.of(accounts, w.account);
  } else if (w.status === c.status) c.worstAccounts.add(w.account);
}

/** `status` as the literal of STATUSES (the same text; a finding's own string is fresh from JSON.parse). */
function literalStatus(status: Status): Status {
  for (const literal of STATUSES) if (literal === status) return literal;
  return status;
}
