// The Security Hub controls the emulator knows without a world saying so: a small table of real consolidated
// controls (ids, titles and severities as AWS publishes them) and the standards they belong to.

import type { ControlDefinitionSpec } from './securityhub-world.js';

export const FSBP = 'aws-foundational-security-best-practices/v/1.0.0';
export const CIS_14 = 'cis-aws-foundations-benchmark/v/1.4.0';
export const PCI_321 = 'pci-dss/v/3.2.1';

const def = (
  id: string,
  title: string,
  severity: ControlDefinitionSpec['severity'],
  standards: string[],
) => ({
  id,
  title,
  severity,
  standards,
  unavailableIn: [],
});

/** Built-in control definitions; a world's `definitions` add to or replace these by id. */
export const BUILT_IN_DEFINITIONS: readonly ControlDefinitionSpec[] = [
  def(
    'CloudTrail.1',
    'CloudTrail should be enabled and configured with at least one multi-Region trail',
    'HIGH',
    [FSBP, CIS_14, PCI_321],
  ),
  def('CloudTrail.2', 'CloudTrail should have encryption at-rest enabled', 'MEDIUM', [FSBP, CIS_14, PCI_321]),
  def(
    'Config.1',
    'AWS Config should be enabled and use the service-linked role for resource recording',
    'MEDIUM',
    [FSBP, CIS_14, PCI_321],
  ),
  def('EC2.2', 'VPC default security groups should not allow inbound or outbound traffic', 'HIGH', [
    FSBP,
    CIS_14,
    PCI_321,
  ]),
  def('GuardDuty.1', 'GuardDuty should be enabled', 'HIGH', [FSBP, PCI_321]),
  def('IAM.6', 'Hardware MFA should be enabled for the root user', 'CRITICAL', [FSBP, CIS_14, PCI_321]),
  def('Inspector.1', 'Amazon Inspector EC2 scanning should be enabled', 'HIGH', [FSBP]),
  def('Macie.1', 'Amazon Macie should be enabled', 'MEDIUM', [FSBP]),
  def('S3.1', 'S3 general purpose buckets should have block public access settings enabled', 'MEDIUM', [
    FSBP,
    CIS_14,
    PCI_321,
  ]),
  def('S3.8', 'S3 general purpose buckets should block public access', 'HIGH', [FSBP, CIS_14]),
];
