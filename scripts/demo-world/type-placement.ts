// Where AWS Config records each resource type the demo estate needs: in every region, once per account as a
// global resource (IAM), or only in the first region (CloudFront and WAF Classic, which are global services
// recorded in us-east-1). Types the estate never gets are listed with the reason.

/** IAM resources: AWS Config records them once per account with awsRegion `global`. */
export const GLOBAL_TYPES: ReadonlySet<string> = new Set([
  'AWS::IAM::Group',
  'AWS::IAM::Policy',
  'AWS::IAM::Role',
  'AWS::IAM::ServerCertificate',
  'AWS::IAM::User',
]);

/** Global services whose configuration items live in us-east-1 (the world's first region) only. */
export const FIRST_REGION_TYPES: ReadonlySet<string> = new Set([
  'AWS::CloudFront::Distribution',
  'AWS::WAF::Rule',
  'AWS::WAF::RuleGroup',
  'AWS::WAF::WebACL',
]);

/** Types the generated estate leaves out, and why. */
export const NOT_GENERATED: Readonly<Record<string, string>> = {
  'AWS::::Account': 'the account itself; account-level rules evaluate it without an item',
  'AWS::RDS::DBSecurityGroup':
    'EC2-Classic DB security groups are retired; RDS_DB_SECURITY_GROUP_NOT_ALLOWED passes because none exist',
};

/** True for types AWS Config records about itself (the emulator derives them from the world). */
export function recordedByConfig(type: string): boolean {
  return type.startsWith('AWS::Config::');
}

/**
 * Types of which an account-region has exactly one (GuardDuty detector, account-level Block Public Access),
 * or whose curated items are the story there (IAM users; the EBS volumes whose encryption the story is
 * about): a curated item of the type replaces the generated one in that account-region.
 */
export const CURATED_REPLACES: ReadonlySet<string> = new Set([
  'AWS::EC2::Volume',
  'AWS::GuardDuty::Detector',
  'AWS::IAM::User',
  'AWS::S3::AccountPublicAccessBlock',
]);
