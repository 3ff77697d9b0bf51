// Turn the operations the code calls into the IAM policies Evidentia needs: the read-only role it assumes
// in every account, the identity it runs as, and (only when packages are delivered to S3) the delivery
// statement. Which principal makes which call is fixed per
// service below (from how src/aws/ builds each client); a service missing here fails the build.

import type { CalledOperation } from './scan-operations.js';

export type Principal = 'auditRole' | 'runner' | 'delivery';

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
  /** Optional: needed only by profiles with `delivery.s3` (and by `evidentia verify s3://…`). */
  delivery: { attachTo: string; policy: IamPolicy };
  /** Operations the code calls that need no permission at all. */
  noPermissionNeeded: { action: string; reason: string }[];
  /** Every operation, the principal that calls it, and where in the code. */
  operations: {
    action: string;
    principal: Principal | 'none';
    /** The IAM actions the operation needs, when they differ from its name (S3). */
    iamActions?: string[];
    calledFrom: string[];
  }[];
}

export const GENERATE_COMMAND = 'npx tsx scripts/iam-policy/generate.ts';
export const DEFAULT_ROLE_NAME = 'EvidentiaAuditRole';

/** Who signs each service's calls (src/aws/aws-clients.ts, kms-client.ts, artifact/, audit-manager-client.ts, securityhub-client.ts). */
const PRINCIPAL_OF_SERVICE: Readonly<Record<string, Principal>> = {
  // Made with `clients.credentials().provider(account)`: the role assumed in the account.
  config: 'auditRole',
  artifact: 'auditRole',
  auditmanager: 'auditRole',
  securityhub: 'auditRole',
  // `clients.sts()` / `clients.organizations()`: the caller's own credentials.
  sts: 'runner',
  organizations: 'runner',
  // createKmsClient: the caller's credentials for a key in its own account (the documented set-up).
  kms: 'runner',
  // createDeliveryS3Client / fetchS3Object: the caller's credentials or the delivery role.
  s3: 'delivery',
};

/**
 * S3 operations whose IAM actions differ from their names (S3 authorises by action, not operation): every
 * action an operation may need as Evidentia calls it (by version id, with Object Lock headers).
 */
const S3_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  PutObject: ['s3:PutObject', 's3:PutObjectRetention'],
  CreateMultipartUpload: ['s3:PutObject', 's3:PutObjectRetention'],
  UploadPart: ['s3:PutObject'],
  CompleteMultipartUpload: ['s3:PutObject'],
  AbortMultipartUpload: ['s3:AbortMultipartUpload'],
  HeadObject: ['s3:GetObject', 's3:GetObjectVersion'],
  GetObject: ['s3:GetObject', 's3:GetObjectVersion'],
};

/** The IAM actions one call needs: `service:Operation`, except for S3 (S3_ACTIONS). */
export function iamActionsFor(service: string, operation: string): string[] {
  if (service !== 's3') return [`${service}:${operation}`];
  const actions = S3_ACTIONS[operation];
  if (!actions)
    throw new Error(
      `s3:${operation} has no IAM actions: add it to S3_ACTIONS in scripts/iam-policy/build-policy.ts`,
    );
  return [...actions];
}

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
  securityhub: { sid: 'ReadSecurityHub', resource: () => '*' },
  sts: { sid: 'AssumeTheAuditRole', resource: (role) => `arn:aws:iam::*:role/${role}` },
  organizations: { sid: 'ListOrganizationAccounts', resource: () => '*' },
  kms: { sid: 'SignBundlesWithKms', resource: () => 'arn:aws:kms:*:*:key/*' },
  s3: { sid: 'DeliverPackagesToS3', resource: () => `arn:aws:s3:::${DELIVERY_BUCKET_PLACEHOLDER}/*` },
};

/** Stands for `delivery.s3.bucket` (and prefix) in the delivery statement; replace it when attaching. */
export const DELIVERY_BUCKET_PLACEHOLDER = 'YOUR-DELIVERY-BUCKET';

/** Build the policy document from the scanned operations. */
export function buildPolicy(
  operations: readonly CalledOperation[],
  roleName = DEFAULT_ROLE_NAME,
): IamPolicyDocument {
  const grants: Record<Principal, Map<string, string[]>> = {
    auditRole: new Map(),
    runner: new Map(),
    delivery: new Map(),
  };
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
    const actions = iamActionsFor(op.service, op.operation);
    byService.set(op.service, [...(byService.get(op.service) ?? []), ...actions]);
    const renamed = actions.length !== 1 || actions[0] !== action;
    listed.push({ action, principal, ...(renamed ? { iamActions: actions } : {}), calledFrom: op.files });
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
    delivery: {
      attachTo:
        'only for profiles with `delivery.s3`: the identity Evidentia runs as, or the role `delivery.s3.roleArn` ' +
        `names; replace ${DELIVERY_BUCKET_PLACEHOLDER} with the bucket (and prefix). Auditors running ` +
        '`evidentia verify s3://…` need s3:GetObject and s3:GetObjectVersion on the same objects',
      policy: policyOf(grants.delivery, roleName),
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
  delivery: Set<string>;
  free: Set<string>;
} {
  const of = (p: IamPolicy) => new Set(p.Statement.flatMap((s) => s.Action));
  return {
    auditRole: of(doc.auditRole.policy),
    runner: of(doc.runner.policy),
    delivery: of(doc.delivery.policy),
    free: new Set(doc.noPermissionNeeded.map((f) => f.action)),
  };
}

/** Serialise as committed (2-space JSON and a final newline). */
export function policyText(doc: IamPolicyDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
