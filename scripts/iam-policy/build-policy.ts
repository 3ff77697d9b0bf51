// Turn the operations the code calls into the IAM policies Evidentia needs, in two documents:
// - docs/iam-policy.json, the read policy every run needs: the read-only role it assumes in every account and
//   the identity it runs as. Which principal makes which call is fixed per service below (from how src/aws/
//   builds each client); a service missing here fails the build.
// - docs/iam-policy-write.json, optional: one statement per optional feature (S3 delivery, `--to-security-hub`,
//   `packs deploy`), for the operations only those features call.
// The split rule: an operation listed in OPTIONAL_OPERATIONS goes to its feature's statement and never into the
// read policy; any other must be a read by its name (Describe, Get, List, Select, BatchGet, Head) or one of the
// NON_MUTATING calls (assuming the role, signing the bundle). Any other write fails the generator.

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
  operations: {
    action: string;
    principal: Principal | 'none';
    /** The IAM actions the operation needs, when they differ from its name (S3). */
    iamActions?: string[];
    calledFrom: string[];
  }[];
}

/** The content of docs/iam-policy-write.json: what only optional features need, one entry per feature used. */
export interface IamWritePolicyDocument {
  generatedBy: string;
  note: string;
  features: Partial<Record<OptionalFeature, { attachTo: string; policy: IamPolicy }>>;
  operations: {
    action: string;
    feature: OptionalFeature;
    iamActions?: string[];
    calledFrom: string[];
  }[];
}

export const GENERATE_COMMAND = 'npx tsx scripts/iam-policy/generate.ts';

/** Features a profile or command turns on; what they call is granted only in docs/iam-policy-write.json. */
export type OptionalFeature = 'delivery' | 'securityHubImport' | 'packsDeploy';

/**
 * Operations only an optional feature calls (writes, and the reads that belong to them), by feature. An
 * operation here never enters the read policy.
 */
export const OPTIONAL_OPERATIONS: Readonly<Record<string, OptionalFeature>> = {
  // Profiles with `delivery.s3` (and `evidentia verify s3://…`): upload under Object Lock, then read back.
  's3:PutObject': 'delivery',
  's3:CreateMultipartUpload': 'delivery',
  's3:UploadPart': 'delivery',
  's3:CompleteMultipartUpload': 'delivery',
  's3:AbortMultipartUpload': 'delivery',
  's3:HeadObject': 'delivery',
  's3:GetObject': 'delivery',
  // `evidentia collect --to-security-hub`.
  'securityhub:BatchImportFindings': 'securityHubImport',
  // `evidentia packs deploy`.
  'config:PutConformancePack': 'packsDeploy',
  'config:PutOrganizationConformancePack': 'packsDeploy',
};

/** Calls in the read policy that are not reads by name, and why they change nothing in the accounts. */
export const NON_MUTATING: Readonly<Record<string, string>> = {
  'sts:AssumeRole': 'obtains temporary credentials of the audit role; changes nothing in the account',
  'kms:Sign': 'signs the bundle digest with the signing key; changes nothing in the account',
};

const READ_NAME = /^(Describe|Get|List|Select|BatchGet|Head)[A-Z]/;

/** Which policy an action belongs in; throws for a write no optional feature declares. */
export function classifyAction(
  action: string,
): { policy: 'read' } | { policy: 'write'; feature: OptionalFeature } {
  const feature = OPTIONAL_OPERATIONS[action];
  if (feature) return { policy: 'write', feature };
  const operation = action.slice(action.indexOf(':') + 1);
  if (READ_NAME.test(operation) || NON_MUTATING[action]) return { policy: 'read' };
  throw new Error(
    `${action} is not a read: declare the optional feature that calls it in OPTIONAL_OPERATIONS (scripts/iam-policy/build-policy.ts); it never goes into the read policy`,
  );
}

/** Each optional feature's statement: Sid, resources and who to attach it to. */
const FEATURES: Readonly<
  Record<OptionalFeature, { sid: string; resource: string; attachTo: (role: string) => string }>
> = {
  delivery: {
    sid: 'DeliverPackagesToS3',
    resource: 'arn:aws:s3:::YOUR-DELIVERY-BUCKET/*',
    attachTo: () =>
      'only for profiles with `delivery.s3`: the identity Evidentia runs as, or the role `delivery.s3.roleArn` ' +
      'names; replace YOUR-DELIVERY-BUCKET with the bucket (and prefix). Auditors running ' +
      '`evidentia verify s3://…` need s3:GetObject and s3:GetObjectVersion on the same objects',
  },
  securityHubImport: {
    sid: 'ImportFindingsIntoSecurityHub',
    // BatchImportFindings is authorised on the product; Evidentia imports only through the account's default one.
    resource: 'arn:aws:securityhub:*:*:product/*/default',
    attachTo: (role) =>
      `only for \`evidentia collect --to-security-hub\`: the role '${role}' in the account the findings are ` +
      'imported into (the profile’s `scope.securityHub.administrator`, else the account Evidentia runs as; with ' +
      '`scope.role.skipForAccount` there, the identity Evidentia runs as)',
  },
  packsDeploy: {
    sid: 'DeployConformancePacks',
    resource: '*',
    attachTo: () => 'only for `evidentia packs deploy`: the identity that runs it',
  },
};
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
};

/** Stands for `delivery.s3.bucket` (and prefix) in the delivery statement; replace it when attaching. */
export const DELIVERY_BUCKET_PLACEHOLDER = 'YOUR-DELIVERY-BUCKET';

/** Build both documents from the scanned operations. */
export function buildPolicies(
  operations: readonly CalledOperation[],
  roleName = DEFAULT_ROLE_NAME,
): { read: IamPolicyDocument; write: IamWritePolicyDocument } {
  const grants: Record<Principal, Map<string, string[]>> = { auditRole: new Map(), runner: new Map() };
  const featureGrants = new Map<OptionalFeature, string[]>();
  const free: { action: string; reason: string }[] = [];
  const listed: IamPolicyDocument['operations'] = [];
  const writes: IamWritePolicyDocument['operations'] = [];
  for (const op of operations) {
    const action = `${op.service}:${op.operation}`;
    const reason = NO_PERMISSION[action];
    if (reason) {
      free.push({ action, reason });
      listed.push({ action, principal: 'none', calledFrom: op.files });
      continue;
    }
    const actions = iamActionsFor(op.service, op.operation);
    const renamed = actions.length !== 1 || actions[0] !== action;
    const kind = classifyAction(action);
    if (kind.policy === 'write') {
      featureGrants.set(kind.feature, [...(featureGrants.get(kind.feature) ?? []), ...actions]);
      writes.push({
        action,
        feature: kind.feature,
        ...(renamed ? { iamActions: actions } : {}),
        calledFrom: op.files,
      });
      continue;
    }
    const principal = PRINCIPAL_OF_SERVICE[op.service];
    if (!principal) {
      throw new Error(
        `no principal for service '${op.service}': classify it in scripts/iam-policy/build-policy.ts`,
      );
    }
    const byService = grants[principal];
    byService.set(op.service, [...(byService.get(op.service) ?? []), ...actions]);
    listed.push({ action, principal, ...(renamed ? { iamActions: actions } : {}), calledFrom: op.files });
  }
  const features: IamWritePolicyDocument['features'] = {};
  for (const feature of (Object.keys(FEATURES) as OptionalFeature[]).filter((f) => featureGrants.has(f))) {
    const f = FEATURES[feature];
    features[feature] = {
      attachTo: f.attachTo(roleName),
      policy: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: f.sid,
            Effect: 'Allow',
            Action: [...new Set(featureGrants.get(feature))].sort(),
            Resource: f.resource,
          },
        ],
      },
    };
  }
  const read: IamPolicyDocument = {
    generatedBy: GENERATE_COMMAND,
    note:
      'Generated from the AWS operations Evidentia’s code calls (SDK commands under src/, the Artifact client’s ' +
      'routes). Only reads (and assuming the role, signing the bundle): what optional features write is in ' +
      'docs/iam-policy-write.json. Do not edit by hand: change the code and regenerate. docs/security.md ' +
      'explains each statement.',
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
  const write: IamWritePolicyDocument = {
    generatedBy: GENERATE_COMMAND,
    note:
      'Optional: attach a feature’s statement only where that feature is used. Generated from the code like ' +
      'docs/iam-policy.json; an operation is here only when OPTIONAL_OPERATIONS in ' +
      'scripts/iam-policy/build-policy.ts names the feature that calls it.',
    features,
    operations: writes,
  };
  return { read, write };
}

/** The read policy document (docs/iam-policy.json) from the scanned operations. */
export function buildPolicy(
  operations: readonly CalledOperation[],
  roleName = DEFAULT_ROLE_NAME,
): IamPolicyDocument {
  return buildPolicies(operations, roleName).read;
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

/**
 * The actions the documents allow: per principal of the read policy, those of every optional feature (`write`,
 * attached where the feature is used), and those that need no permission.
 */
export function allowedActions(
  doc: IamPolicyDocument,
  writeDoc?: IamWritePolicyDocument,
): {
  auditRole: Set<string>;
  runner: Set<string>;
  write: Set<string>;
  free: Set<string>;
} {
  const of = (p: IamPolicy) => new Set(p.Statement.flatMap((s) => s.Action));
  return {
    auditRole: of(doc.auditRole.policy),
    runner: of(doc.runner.policy),
    write: new Set(Object.values(writeDoc?.features ?? {}).flatMap((f) => [...of(f.policy)])),
    free: new Set(doc.noPermissionNeeded.map((f) => f.action)),
  };
}

/** Serialise as committed (2-space JSON and a final newline). */
export function policyText(doc: IamPolicyDocument | IamWritePolicyDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
