// AWS Security Hub (restJson1) served from the world's `securityHub:` section: GetEnabledStandards,
// ListSecurityControlDefinitions, BatchGetSecurityControls, ListStandardsControlAssociations and GetFindings
// (filtered server-side, paginated), each scoped to the caller's account and the signed region; and
// BatchImportFindings (batch-import-findings.ts), whose findings GetFindings then returns beside the world's. An account
// without a hub in the region answers InvalidAccessException, as AWS does.

import { type Page, pageOf } from '../../page-tokens.js';
import type { OperationContext, ServiceDefinition } from '../../service-definition.js';
import { AwsServiceError } from '../../service-error.js';
import { awsModel } from '../model-paths.js';
import { batchImportFindings } from './batch-import-findings.js';
import { findingPredicate } from './finding-filters.js';
import { importedFindings } from './imported-findings.js';
import {
  associations,
  availableIn,
  controlArn,
  controlStatus,
  definitions,
  type Finding,
  findingsOf,
  hubIn,
  securityHubWorld,
  standardArn,
  subscriptionArn,
} from './securityhub-state.js';
import type { ControlDefinitionSpec, HubSpec } from './securityhub-world.js';

/** Default page of the list operations and of GetFindings (the model allows 1-100). */
export const SECURITY_HUB_PAGE = 100;

/** The Security Hub service definition. */
export function securityHubService(): ServiceDefinition {
  return {
    model: awsModel('securityhub'),
    validationError: (problems) =>
      new AwsServiceError('InvalidInputException', problems.map((p) => p.message).join('; '), {
        fields: { Code: 'InvalidInputException' },
      }),
    handlers: {
      GetEnabledStandards: (input, ctx) => {
        const hub = requireHub(ctx);
        const wanted = input.StandardsSubscriptionArns as string[] | undefined;
        const subs = hub.standards
          .map((s) => ({
            StandardsSubscriptionArn: subscriptionArn(hub, s.id),
            StandardsArn: standardArn(hub.region, s.id),
            StandardsInput: {},
            StandardsStatus: s.status,
            StandardsControlsUpdatable: s.status === 'READY' ? 'READY_FOR_UPDATES' : 'NOT_READY_FOR_UPDATES',
          }))
          .filter((s) => !wanted?.length || wanted.includes(s.StandardsSubscriptionArn));
        const page = paged(subs, input, ctx, 'GetEnabledStandards');
        return { StandardsSubscriptions: page.items, NextToken: page.nextToken };
      },
      ListSecurityControlDefinitions: (input, ctx) => {
        requireHub(ctx);
        const std = typeof input.StandardsArn === 'string' ? input.StandardsArn : undefined;
        const defs = definitions(ctx.world).filter(
          (d) => !std || d.standards.some((s) => standardArn(ctx.region, s) === std),
        );
        const page = paged(defs, input, ctx, `ListSecurityControlDefinitions/${std ?? ''}`);
        return {
          SecurityControlDefinitions: page.items.map((d) => ({
            SecurityControlId: d.id,
            Title: d.title,
            Description: d.title,
            RemediationUrl: remediationUrl(d.id),
            SeverityRating: d.severity === 'INFORMATIONAL' ? 'LOW' : d.severity,
            CurrentRegionAvailability: availableIn(d, ctx.region) ? 'AVAILABLE' : 'UNAVAILABLE',
          })),
          NextToken: page.nextToken,
        };
      },
      BatchGetSecurityControls: (input, ctx) => {
        const hub = requireHub(ctx);
        const ids = input.SecurityControlIds as string[];
        if (ids.length > 100) throw invalid('SecurityControlIds can hold at most 100 ids');
        const defs = new Map(definitions(ctx.world).map((d) => [d.id, d]));
        const found: ControlDefinitionSpec[] = [];
        const unprocessed: Record<string, string>[] = [];
        for (const id of ids) {
          const d = defs.get(id);
          if (d && availableIn(d, hub.region)) found.push(d);
          else
            unprocessed.push({
              SecurityControlId: id,
              ErrorCode: 'NOT_FOUND',
              ErrorReason: d ? `Control ${id} is not available in ${hub.region}` : `Control ${id} not found`,
            });
        }
        return {
          SecurityControls: found.map((d) => ({
            SecurityControlId: d.id,
            SecurityControlArn: controlArn(hub, d.id),
            Title: d.title,
            Description: d.title,
            RemediationUrl: remediationUrl(d.id),
            SeverityRating: d.severity === 'INFORMATIONAL' ? 'LOW' : d.severity,
            SecurityControlStatus: controlStatus(hub, d),
            UpdateStatus: 'READY',
          })),
          UnprocessedIds: unprocessed,
        };
      },
      ListStandardsControlAssociations: (input, ctx) => {
        const hub = requireHub(ctx);
        const id = String(input.SecurityControlId);
        const d = definitions(ctx.world).find((x) => x.id === id);
        if (!d || !availableIn(d, hub.region)) throw invalid(`Control ${id} not found in ${hub.region}`);
        const page = paged(associations(hub, d), input, ctx, `ListStandardsControlAssociations/${id}`);
        return {
          StandardsControlAssociationSummaries: page.items.map((a) => ({
            StandardsArn: standardArn(hub.region, a.standard),
            SecurityControlId: id,
            SecurityControlArn: controlArn(hub, id),
            AssociationStatus: a.status,
            StandardsControlTitle: d.title,
            ...(a.status === 'DISABLED' ? { UpdatedReason: 'Disabled in the world file' } : {}),
          })),
          NextToken: page.nextToken,
        };
      },
      ListMembers: (input, ctx) => {
        const hub = requireHub(ctx);
        const admin = securityHubWorld(ctx.world).administrator;
        const members = admin?.account === hub.account ? membersOf(ctx) : [];
        const page = paged(members, input, ctx, 'ListMembers');
        return {
          Members: page.items.map((id) => {
            const account = ctx.world.world.accounts.find((a) => a.id === id);
            return {
              AccountId: id,
              Email: account?.email,
              AdministratorId: hub.account,
              MasterId: hub.account,
              MemberStatus: 'Enabled',
              InvitedAt: ctx.world.time,
              UpdatedAt: ctx.world.time,
            };
          }),
          NextToken: page.nextToken,
        };
      },
      ListFindingAggregators: (input, ctx) => {
        const hub = requireHub(ctx);
        const admin = securityHubWorld(ctx.world).administrator;
        const list = admin?.account === hub.account ? [{ FindingAggregatorArn: aggregatorArn(admin) }] : [];
        const page = paged(list, input, ctx, 'ListFindingAggregators');
        return { FindingAggregators: page.items, NextToken: page.nextToken };
      },
      GetFindingAggregator: (input, ctx) => {
        const hub = requireHub(ctx);
        const admin = securityHubWorld(ctx.world).administrator;
        if (!admin || admin.account !== hub.account || input.FindingAggregatorArn !== aggregatorArn(admin)) {
          throw new AwsServiceError(
            'ResourceNotFoundException',
            `Finding aggregator ${String(input.FindingAggregatorArn)} not found`,
            {
              status: 404,
              fields: { Code: 'ResourceNotFoundException' },
            },
          );
        }
        return {
          FindingAggregatorArn: aggregatorArn(admin),
          FindingAggregationRegion: admin.aggregationRegion,
          RegionLinkingMode: admin.linkedRegions ? 'SPECIFIED_REGIONS' : 'ALL_REGIONS',
          ...(admin.linkedRegions ? { Regions: admin.linkedRegions } : {}),
        };
      },
      BatchImportFindings: (input, ctx) => batchImportFindings(input, ctx),
      GetFindings: (input, ctx) => {
        const hub = requireHub(ctx);
        const matches = findingPredicate((input.Filters as Record<string, unknown>) ?? {}, ctx.world.time);
        const all = visibleFindings(ctx, hub)
          .filter(matches)
          .sort((a, b) => b.UpdatedAt.localeCompare(a.UpdatedAt) || a.Id.localeCompare(b.Id));
        const page = paged(all, input, ctx, `GetFindings/${JSON.stringify(input.Filters ?? {})}`);
        return { Findings: page.items, NextToken: page.nextToken };
      },
    },
  };
}

/** The caller's hub in the signed region, or InvalidAccessException as AWS answers an unsubscribed account. */
function requireHub(ctx: OperationContext): HubSpec {
  const hub = hubIn(ctx.world, ctx.caller.accountId, ctx.region);
  if (!hub) {
    throw new AwsServiceError(
      'InvalidAccessException',
      `Account ${ctx.caller.accountId} is not subscribed to AWS Security Hub`,
      { status: 401, fields: { Code: 'InvalidAccessException' } },
    );
  }
  return hub;
}

/** The hub's own findings; in the administrator's aggregation region, every member hub's in the linked regions too. */
function visibleFindings(ctx: OperationContext, hub: HubSpec): Finding[] {
  const sh = securityHubWorld(ctx.world);
  const admin = sh.administrator;
  const imported = importedFindings(ctx.world);
  const of = (h: HubSpec) => [...findingsOf(ctx.world, h), ...imported.of(h.account, h.region)];
  if (!admin || admin.account !== hub.account || admin.aggregationRegion !== hub.region) return of(hub);
  const linked = new Set([hub.region, ...(admin.linkedRegions ?? ctx.world.world.regions)]);
  const members = new Set(membersOf(ctx));
  return sh.hubs
    .filter((h) => h.enabled && linked.has(h.region) && (h.account === hub.account || members.has(h.account)))
    .flatMap(of);
}

type Administrator = NonNullable<ReturnType<typeof securityHubWorld>['administrator']>;

function aggregatorArn(admin: Administrator): string {
  return `arn:aws:securityhub:${admin.aggregationRegion}:${admin.account}:finding-aggregator/${admin.account}-aggregator`;
}

/** The administrator's members: the world's list, or every other account with an enabled hub. */
function membersOf(ctx: OperationContext): string[] {
  const sh = securityHubWorld(ctx.world);
  const admin = sh.administrator;
  if (!admin) return [];
  if (admin.members) return [...admin.members].sort();
  return [
    ...new Set(sh.hubs.filter((h) => h.enabled && h.account !== admin.account).map((h) => h.account)),
  ].sort();
}

function remediationUrl(id: string): string {
  const service = id.split('.')[0]?.toLowerCase();
  return `https://docs.aws.amazon.com/console/securityhub/${id}/remediation#${service}`;
}

function paged<T>(
  all: readonly T[],
  input: Record<string, unknown>,
  ctx: OperationContext,
  listing: string,
): Page<T> {
  return pageOf(all, {
    tokens: ctx.tokens,
    scope: `securityhub/${ctx.caller.accountId}/${ctx.region}/${listing}`,
    nextToken: typeof input.NextToken === 'string' ? input.NextToken : undefined,
    pageSize: typeof input.MaxResults === 'number' ? input.MaxResults : SECURITY_HUB_PAGE,
    invalid: () => invalid('The NextToken is not valid.'),
  });
}

function invalid(message: string): AwsServiceError {
  return new AwsServiceError('InvalidInputException', message, { fields: { Code: 'InvalidInputException' } });
}
