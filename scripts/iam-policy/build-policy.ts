// Turn the operations the code calls into the two IAM policies Evidentia needs: the read-only role it
// assumes in every account, and the identity it runs as. Which principal makes which call is fixed per
// service below (from how src/aws/ builds each client); a service missing here fails the build.

import type { CalledOperation } from './scan-operations.js';

export type Principal = 'auditRole' | 'runner';

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string;
}

export interface IamPolicy {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/** The content of docs/iam-policy.json. */
export interface IamPolicyDocument {
  generatedBy: string;
  note: string;
  auditRole: { roleName: string; attachTo: string; policy: IamPolicy };
  runner: { attachTo: string; policy: IamPolicy };
  /** Operations the code calls that need no permission at all. */
  noPermissionNeeded: { action: string; reason: string }[];
  /** Every operation, the principal that calls it, and where in the code. */
  operations: { action: string; principal: Principal | 'none'; calledFrom: string[] }[];
}

export const GENERATE_COMMAND = 'npx tsx scripts/iam-policy/generate.ts';
export const DEFAULT_ROLE_NAME = 'EvidentiaAuditRole';

/** Who signs each service's calls (src/aws/aws-clients.ts, kms-client.ts, artifact/, audit-manager-client.ts). */
const PRINCIPAL_OF_SERVICE: Readonly<Record<string, Principal>> = {
  // Made with `clients.credentials().provider(account)`: the role assumed in the account.
  config: 'auditRole',
  artifact: 'auditRole',
  auditmanager: 'auditRole',
  // `clients.sts()` / `clients.organizations()`: the caller's own credentials.
  sts: 'runner',
  organizations: 'runner',
  // createKmsClient: the caller's credentials for a key in its own account (the documented set-up).
  kms: 'runner',
};

/** Operations AWS allows without any policy. */
const NO_PERMISSION: Readonly<Record<string, string>> = {
  'sts:GetCallerIdentity':
    'AWS answers GetCallerIdentity for every principal; no policy can grant or deny it (IAM User Guide).',
};

/** Statement per service: its Sid and the resources it can be limited to (else "*"). */
const STATEMENTS: Readonly<Record<string, { sid: string; resource: (role: string) => string }>> = {
  config: { sid: 'ReadAwsConfig', resource: () => '*' },
  artifact: { sid: 'ReadAwsArtifact', resource: () => '*' },
  auditmanager: { sid: 'ReadAuditManager', resource: () => '*' },
  sts: { sid: 'AssumeTheAuditRole', resource: (role) => `arn:aws:iam::*:role/${role}` },
  organizations: { sid: 'ListOrganizationAccounts', resource: () => '*' },
  kms: { sid: 'SignBundlesWithKms', resource: () => 'arn:aws:kms:*:*:key/*' },
};

/** Build the policy document from the scanned operations. */
export function buildPolicy(
  operations: readonly CalledOperation[],
  roleName = DEFAULT_ROLE_NAME,
): IamPolicyDocument {
  const grants: Record<Principal, Map<string, string[]>> = { auditRole: new Map(), runner: new Map() };
  const free: { action: string; reason: string }[] = [];
  const listed: IamPolicyDocument['operations'] = [];
  for (const op of operations) {
    const action = `${op.service}:${op.operation}`;
    const principal = PRINCIPAL_OF_SERVICE[op.service];
    if (!principal) {
      throw new Error(
        `no principal for service '${op.service}': classify it in scripts/iam-policy/build-policy.ts`,
      );
    }
    const reason = NO_PERMISSION[action];
    if (reason) {
      free.push({ action, reason });
      listed.push({ action, principal: 'none', calledFrom: op.files });
      continue;
    }
    const byService = grants[principal];
    byService.set(op.service, [...(byService.get(op.service) ?? []), action]);
    listed.push({ action, principal, calledFrom: op.files });
  }
  return {
    generatedBy: GENERATE_COMMAND,
    note:
      'Generated from the AWS operations Evidentia’s code calls (SDK commands under src/, the Artifact client’s ' +
      'routes). Do not edit by hand: change the code and regenerate. docs/security.md explains each statement.',
    auditRole: {
      roleName,
      attachTo: `the role '${roleName}' in every account in scope, including the management account and the Config aggregator's account`,
      policy: policyOf(grants.auditRole, roleName),
    },
    runner: {
      attachTo:
        'the identity Evidentia runs as (instance/task role or user) in the account that runs it; with ' +
        '`scope.role.skipForAccount` that identity also needs the audit role policy',
      policy: policyOf(grants.runner, roleName),
    },
    noPermissionNeeded: free,
    operations: listed,
  };
}

function policyOf(byService: ReadonlyMap<string, string[]>, roleName: string): IamPolicy {
  const statements = [...byService.keys()].sort().map((service): PolicyStatement => {
    const s = STATEMENTS[service];
    if (!s) throw new Error(`no statement for service '${service}' in scripts/iam-policy/build-policy.ts`);
    return {
      Sid: s.sid,
      Effect: 'Allow',
      Action: [...new Set(byService.get(service))].sort(),
      Resource: s.resource(roleName),
    };
  });
  return { Version: '2012-10-17', Statement: statements };
}

/** The actions a policy document allows, per principal, plus those that need no permission. */
export function allowedActions(doc: IamPolicyDocument): {
  auditRole: Set<string>;
  runner: Set<string>;
  free: Set<string>;
} {
  const of = (p: IamPolicy) => new Set(p.Statement.flatMap((s) => s.Action));
  return {
    auditRole: of(doc.auditRole.policy),
    runner: of(doc.runner.policy),
    free: new Set(doc.noPermissionNeeded.map((f) => f.action)),
  };
}

/** Serialise as committed (2-space JSON and a final newline). */
export function policyText(doc: IamPolicyDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
