// Verdicts for every account and region of the profile from one Config aggregator's evidence (records written
// by collect/config/collect-config-aggregate.ts). The same honesty rules as the per-account path: a source the
// aggregator could not read is ERROR (or NOT_EVALUATED where the recorder is off), a rule the aggregator does
// not report is NOT_EVALUATED, a malformed answer is ERROR. Known limit, documented: the aggregator does not
// expose each rule's evaluation health, so a rule failing to evaluate is caught only on the per-account path.

import type { EvidenceRecord } from '../../core/evidence-record.js';
import type { QueryResult } from '../../core/finding.js';
import { type Status, worstStatus } from '../../core/status.js';
import type { ConfigAggregateTask } from '../../plan/types.js';
import { arrayMember, byOperation, describeError, firstError, member, stringMember } from '../records.js';
import type { EvaluationContext } from '../types.js';
import { verdict } from '../verdict.js';
import { ruleNameResolver } from './aggregate-rule-names.js';
import { distinctFailing, failReason, statusOfCompliance } from './compliance-status.js';
import { evaluateQuery } from './evaluate-query.js';
import { deployedRules, failingResources } from './read-config-records.js';

interface SourceState {
  status: Status | 'OK';
  reason: string;
}

interface RuleEntry {
  name: string;
  type?: string;
  contributors: number;
  capExceeded: boolean;
}

/** Evaluate every rule and query of a `config-aggregate` task, per account and region in scope. */
export function evaluateConfigAggregate(
  task: ConfigAggregateTask,
  records: readonly EvidenceRecord[],
  ctx: EvaluationContext,
): QueryResult[] {
  const scopes = task.accounts.flatMap((accountId) => task.regions.map((region) => ({ accountId, region })));
  const keysAt = (region: string) => [
    ...[...task.rules, ...(region === task.homeRegion ? task.globalRules : [])].map((r) => ({
      key: `config-rule:${r}`,
      kind: 'config-rule' as const,
    })),
    ...task.queries
      .filter((q) => !q.global || region === task.homeRegion)
      .map((q) => ({ key: `config-query:${q.queryId}`, kind: 'config-query' as const })),
  ];

  const sourceRecords = byOperation(records, 'DescribeConfigurationAggregatorSourcesStatus');
  const gate = firstError([...byOperation(records, 'AssumeRole'), ...sourceRecords]);
  if (gate || sourceRecords.length === 0) {
    const why = gate ? describeError(gate) : 'no answer was recorded';
    return scopes.flatMap((s) =>
      keysAt(s.region).map(({ key }) =>
        verdict(
          key,
          s,
          'ERROR',
          `Could not read aggregator ${task.aggregatorName}: ${why}`,
          gate ? [gate] : [],
        ),
      ),
    );
  }
  const sources = readSources(sourceRecords, task.aggregatorName);

  const listing = byOperation(records, 'DescribeConfigRules');
  const compliancePages = byOperation(records, 'DescribeAggregateComplianceByConfigRules');
  const complianceError = firstError(compliancePages);
  const wanted = new Set([...task.rules, ...task.globalRules]);
  const identifierOf = ruleNameResolver(firstError(listing) ? new Map() : deployedRules(listing), wanted);
  const entries = new Map<string, RuleEntry[]>();
  for (const page of compliancePages) {
    for (const row of arrayMember(page.response, 'AggregateComplianceByConfigRules')) {
      const name = stringMember(row, 'ConfigRuleName');
      const identifier = name ? identifierOf(name) : undefined;
      if (!name || !identifier) continue;
      const compliance = member(row, 'Compliance');
      const count = member(compliance, 'ComplianceContributorCount');
      const k = `${identifier}|${stringMember(row, 'AccountId')}|${stringMember(row, 'AwsRegion')}`;
      const list = entries.get(k) ?? [];
      const capped = member(count, 'CappedCount');
      const type = stringMember(compliance, 'ComplianceType');
      list.push({
        name,
        ...(type ? { type } : {}),
        contributors: typeof capped === 'number' ? capped : 0,
        capExceeded: member(count, 'CapExceeded') === true,
      });
      entries.set(k, list);
    }
  }
  const details = byOperation(records, 'GetAggregateComplianceDetailsByConfigRule');
  const queryRows = new Map(
    task.queries.map((q) => [
      q.queryId,
      byOperation(records, 'SelectAggregateResourceConfig').filter(
        (r) => r.parameters.Expression === q.expression,
      ),
    ]),
  );

  const out: QueryResult[] = [];
  for (const scope of scopes) {
    const where = `${scope.accountId}/${scope.region}`;
    const source = sources.get(`${scope.accountId}/${scope.region}`) ?? {
      status: 'NOT_EVALUATED' as const,
      reason: `${where} is not a source of aggregator ${task.aggregatorName}`,
    };
    for (const { key, kind } of keysAt(scope.region)) {
      if (source.status !== 'OK') {
        out.push(verdict(key, scope, source.status, source.reason, sourceRecords));
        continue;
      }
      if (kind === 'config-query') {
        const q = task.queries.find((x) => `config-query:${x.queryId}` === key)!;
        out.push(evaluateAggregateQuery(q, queryRows.get(q.queryId) ?? [], scope, ctx));
        continue;
      }
      const identifier = key.slice('config-rule:'.length);
      if (complianceError) {
        out.push(
          verdict(
            key,
            scope,
            'ERROR',
            `Could not read aggregated compliance of ${identifier}: ${describeError(complianceError)}`,
            [complianceError],
          ),
        );
        continue;
      }
      const found = entries.get(`${identifier}|${scope.accountId}|${scope.region}`) ?? [];
      if (found.length === 0) {
        out.push(
          verdict(
            key,
            scope,
            'NOT_EVALUATED',
            `Aggregator ${task.aggregatorName} reports no ${identifier} rule for ${where} (not deployed there)`,
            compliancePages,
            { notDeployed: true },
          ),
        );
        continue;
      }
      const names = found.map((f) => f.name);
      const label = `${names.join(', ')} (${identifier})`;
      const status = worstStatus(found.map((f) => statusOfCompliance(f.type)));
      if (status === 'FAIL') {
        const mine = details.filter(
          (d) => d.parameters.AccountId === scope.accountId && d.parameters.AwsRegion === scope.region,
        );
        const listed = failingResources(mine.map(asDetails), names, scope, ctx.maxResources);
        const failingDeployments = found.filter((f) => statusOfCompliance(f.type) === 'FAIL');
        const { count, atLeast } = distinctFailing(
          failingDeployments.map((f) => f.contributors),
          failingDeployments.some((f) => f.capExceeded),
          listed,
        );
        const extra = listed.error
          ? `; the failing resources could not all be listed: ${describeError(listed.error)}`
          : '';
        out.push(
          verdict(
            key,
            scope,
            'FAIL',
            failReason(count, atLeast, label, where, extra),
            [...compliancePages, ...mine],
            {
              resources: listed.resources,
              failingCount: count,
              ...(atLeast ? { failingCountAtLeast: true } : {}),
            },
          ),
        );
        continue;
      }
      const reason =
        status === 'PASS'
          ? `${label} is COMPLIANT in ${where} (via aggregator ${task.aggregatorName})`
          : status === 'NOT_APPLICABLE'
            ? `${label} applies to no resources in ${where}`
            : `${label} in ${where} has no evaluation results (INSUFFICIENT_DATA: no resource in scope, or not evaluated yet; an aggregator cannot tell which)`;
      out.push(verdict(key, scope, status, reason, compliancePages));
    }
  }
  return out;
}

/** Aggregated details carry `AggregateEvaluationResults`; read them like per-account `EvaluationResults`. */
function asDetails(r: EvidenceRecord): EvidenceRecord {
  if (r.error) return r;
  return {
    ...r,
    response: {
      EvaluationResults: arrayMember(r.response, 'AggregateEvaluationResults'),
      NextToken: stringMember(r.response, 'NextToken'),
    },
  };
}

function readSources(records: readonly EvidenceRecord[], aggregator: string): Map<string, SourceState> {
  const out = new Map<string, SourceState>();
  for (const rec of records) {
    for (const s of arrayMember(rec.response, 'AggregatedSourceStatusList')) {
      const account = stringMember(s, 'SourceId');
      const region = stringMember(s, 'AwsRegion');
      if (!account || !region) continue;
      const update = stringMember(s, 'LastUpdateStatus');
      const code = stringMember(s, 'LastErrorCode');
      const where = `${account}/${region}`;
      if (update === 'SUCCEEDED') out.set(where, { status: 'OK', reason: '' });
      else if (code === 'NoAvailableConfigurationRecorder') {
        out.set(where, {
          status: 'NOT_EVALUATED',
          reason: `AWS Config is not recording in ${where} (aggregator ${aggregator} reports ${code}), so nothing here can be evaluated`,
        });
      } else {
        out.set(where, {
          status: 'ERROR',
          reason: `Aggregator ${aggregator} could not read ${where} (${update ?? 'unknown status'}${code ? `: ${code}` : ''}); its data there cannot be trusted`,
        });
      }
    }
  }
  return out;
}

/** One scope's verdict from the aggregator-wide query rows: rows must name their account and region. */
function evaluateAggregateQuery(
  q: ConfigAggregateTask['queries'][number],
  pages: readonly EvidenceRecord[],
  scope: { accountId: string; region: string },
  ctx: EvaluationContext,
): QueryResult {
  const failed = firstError(pages);
  if (failed || pages.length === 0) return evaluateQuery(q, pages, scope, ctx);
  const rows = pages.flatMap((p) => arrayMember(p.response, 'Results'));
  const parsed = rows.map((raw) => {
    try {
      return typeof raw === 'string' ? (JSON.parse(raw) as unknown) : null;
    } catch {
      return null;
    }
  });
  if (
    parsed.some(
      (r) => stringMember(r, 'accountId') === undefined || stringMember(r, 'awsRegion') === undefined,
    )
  ) {
    return {
      ...evaluateQuery(q, [], scope, ctx),
      status: 'ERROR',
      reason: `Advanced query ${q.queryId} must select accountId and awsRegion to be read through an aggregator`,
      evidence: pages.map((p) => p.id),
    };
  }
  // Global queries (IAM, inventories) answer once per account: their rows may sit in the `global` pseudo-region.
  const here = rows.filter(
    (_, i) =>
      stringMember(parsed[i], 'accountId') === scope.accountId &&
      (q.global || stringMember(parsed[i], 'awsRegion') === scope.region),
  );
  const scoped = pages.map((p, i) =>
    i === 0 ? { ...p, response: { Results: here } } : { ...p, response: { Results: [] } },
  );
  return { ...evaluateQuery(q, scoped, scope, ctx), evidence: pages.map((p) => p.id) };
}
