// What every resource template of the generated demo estate is given: the account and region it fills,
// with deterministic ids, ARNs and names in the shape AWS uses, so regeneration never churns the YAML.

import { createHash } from 'node:crypto';

/** How one account of the demo names and tags what it owns. */
export interface AccountStyle {
  accountId: string;
  /** Short environment label used in names: `sec`, `prod`, `dev`. */
  env: string;
  /** Owner tag value of the account's generated resources. */
  team: string;
  /** Second octet of the account's address space (10.<octet>.0.0/16 in the first region, +1 in the next). */
  octet: number;
}

/** A resource a template produces; the caller adds its type and region. */
export interface TemplateResource {
  id: string;
  name?: string;
  arn?: string;
  availabilityZone?: string;
  createdAt?: string;
  configuration: Record<string, unknown>;
  supplementaryConfiguration?: Record<string, unknown>;
  /** Extra tags; every taggable resource also gets Owner and Environment. */
  tags?: Record<string, string>;
  /** false: the type takes no tags in AWS Config (compliance records, inventories). */
  taggable?: boolean;
}

export type ResourceTemplate = (c: EstateContext) => TemplateResource;

/** The account × region a template is filling, with helpers for ids and ARNs. */
export class EstateContext {
  constructor(
    readonly style: AccountStyle,
    /** The organisation the account belongs to (`o-...`). */
    readonly organizationId: string,
    /** A real region, or `global` for IAM. */
    readonly region: string,
    /** The region global resources are described from (the world's first). */
    readonly homeRegion: string,
  ) {}

  get accountId(): string {
    return this.style.accountId;
  }

  get env(): string {
    return this.style.env;
  }

  /** The region in ARNs and endpoints (the home region for global resources). */
  get awsRegion(): string {
    return this.region === 'global' ? this.homeRegion : this.region;
  }

  /** `use1`, `euw1`: a short region code for names. */
  get rc(): string {
    const [geo = 'xx', dir = 'x', n = '0'] = this.awsRegion.split('-');
    return `${geo}${dir[0]}${n}`;
  }

  /** `prod-use1-<suffix>`: a name unique to this account and region. */
  name(suffix: string): string {
    return `${this.env}-${this.rc}-${suffix}`;
  }

  /** `evidentia-demo-prod-use1-<suffix>`: a globally unique name (buckets, domains). */
  globalName(suffix: string): string {
    return `evidentia-demo-${this.name(suffix)}`;
  }

  /** Lower-case hex derived from the account, region and a salt (stable across runs). */
  hex(salt: string, length: number): string {
    let out = '';
    for (let i = 0; out.length < length; i += 1) {
      out += createHash('sha256').update(`${this.accountId}/${this.region}/${salt}/${i}`).digest('hex');
    }
    return out.slice(0, length);
  }

  /** An EC2-style id: `vol-0` + 16 hex digits. */
  ec2Id(prefix: string, salt = prefix): string {
    return `${prefix}-0${this.hex(salt, 16)}`;
  }

  /** A UUID-shaped id (version 4 layout). */
  uuid(salt: string): string {
    const h = this.hex(salt, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** Upper-case alphanumerics (API ids, IAM unique ids). */
  upperId(salt: string, length: number): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    const h = this.hex(salt, length * 2);
    let out = '';
    for (let i = 0; i < length; i += 1) out += alphabet[Number.parseInt(h.slice(i * 2, i * 2 + 2), 16) % 32];
    return out;
  }

  /** `arn:aws:<service>:<region>:<account>:<resource>`; `global` leaves the region empty. */
  arn(service: string, resource: string, scope: 'regional' | 'global' = 'regional'): string {
    return `arn:aws:${service}:${scope === 'global' ? '' : this.awsRegion}:${this.accountId}:${resource}`;
  }

  /** The account's platform KMS key in this region (the generated AWS::KMS::Key). */
  get kmsKeyArn(): string {
    return this.arn('kms', `key/${this.uuid('platform-key')}`);
  }

  /** The VPC of this account and region (the generated AWS::EC2::VPC). */
  get vpcId(): string {
    return this.ec2Id('vpc');
  }

  /** Two private subnets, in zones a and b. */
  get subnetIds(): [string, string] {
    return [this.ec2Id('subnet', 'subnet-a'), this.ec2Id('subnet', 'subnet-b')];
  }

  /** The application security group (the generated AWS::EC2::SecurityGroup). */
  get securityGroupId(): string {
    return this.ec2Id('sg');
  }

  /** `<region>a`, `<region>b`, ... */
  az(letter: 'a' | 'b' | 'c'): string {
    return `${this.awsRegion}${letter}`;
  }

  /** `10.<octet>.<third>.<fourth>`, the address space of this account and region. */
  ip(third: number, fourth = 0): string {
    return `10.${this.octet}.${third}.${fourth}`;
  }

  /** The account's /16 in this region. */
  get cidr(): string {
    return `${this.ip(0)}/16`;
  }

  get octet(): number {
    return this.style.octet + (this.region === this.homeRegion || this.region === 'global' ? 0 : 1);
  }

  /** The audit log bucket the account's trail and access logs go to. */
  get logBucket(): string {
    return this.globalName('logs');
  }

  /** The SNS topic alarms and notifications go to. */
  get alertTopicArn(): string {
    return this.arn('sns', this.name('alerts'));
  }
}
