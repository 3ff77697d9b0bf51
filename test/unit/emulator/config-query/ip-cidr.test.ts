import { describe, expect, it } from 'vitest';
import { runConfigQuery } from '../../../../src/emulator/config-query/index.js';
import { ci, ids } from './fixtures.js';

const sg = (resourceId: string, ipPermissions: unknown[]) =>
  ci({ resourceId, resourceType: 'AWS::EC2::SecurityGroup', configuration: { ipPermissions } });

const groups = [
  sg('sg-open', [{ fromPort: 22, ipRanges: ['0.0.0.0/0'] }]),
  sg('sg-24', [{ fromPort: 443, ipRanges: ['10.0.0.0/24'] }]),
  sg('sg-16', [{ fromPort: 443, ipRanges: ['10.0.0.0/16'] }]),
  sg('sg-32', [{ fromPort: 443, ipRanges: ['192.168.0.2/32'] }]),
  sg('sg-mixed', [{ ipRanges: ['10.0.0.0/24'] }, { ipRanges: ['172.16.0.0/12'] }]),
  sg('sg-v6', [{ ipv6Ranges: [{ cidrIpv6: '::/0' }], ipv4Ranges: [{ cidrIp: '203.0.113.0/24' }] }]),
  sg('sg-none', []),
];

const R = 'configuration.ipPermissions.ipRanges';

function where(condition: string, items = groups): unknown[] {
  return ids(runConfigQuery(`SELECT resourceId WHERE ${condition}`, items).rows);
}

describe('cidr_block properties (range semantics)', () => {
  it('= an address matches every range containing it, not an exact block', () => {
    expect(where(`${R} = '10.0.0.5'`)).toEqual(['sg-open', 'sg-24', 'sg-16', 'sg-mixed']);
    expect(where(`${R} = '10.0.1.5'`)).toEqual(['sg-open', 'sg-16']);
  });

  it('finds 0.0.0.0/0 by requiring both ends of IPv4', () => {
    expect(where(`${R} = '0.0.0.0' AND ${R} = '255.255.255.255'`)).toEqual(['sg-open']);
  });

  it('pins an exact /24 with NOT < low AND NOT > high', () => {
    const exact = `${R} = '10.0.0.0' AND ${R} = '10.0.0.255' AND NOT ${R} < '10.0.0.0' AND NOT ${R} > '10.0.0.255'`;
    // sg-mixed also holds 172.16.0.0/12, whose high end is above 10.0.0.255.
    expect(where(exact)).toEqual(['sg-24']);
  });

  it('pins an exact /32 the same way', () => {
    const exact = `${R} = '192.168.0.2' AND NOT ${R} < '192.168.0.2' AND NOT ${R} > '192.168.0.2'`;
    expect(where(exact)).toEqual(['sg-32']);
  });

  it('< matches ranges that start below the address, > ranges that end above it', () => {
    expect(where(`${R} < '10.0.0.0'`)).toEqual(['sg-open']);
    expect(where(`${R} > '192.168.0.1'`)).toEqual(['sg-open', 'sg-32']);
  });

  it('BETWEEN matches ranges that overlap the span', () => {
    expect(where(`${R} BETWEEN '10.0.1.0' AND '10.0.1.10'`)).toEqual(['sg-open', 'sg-16']);
    expect(where(`${R} BETWEEN '172.31.255.0' AND '172.40.0.0'`)).toEqual(['sg-open', 'sg-mixed']);
  });

  it('IN matches when any listed address is inside a range', () => {
    expect(where(`${R} IN ('192.168.0.2', '172.20.0.1')`)).toEqual(['sg-open', 'sg-32', 'sg-mixed']);
  });

  it('types the ipv4Ranges and ipv6Ranges paths, and never mixes address families', () => {
    expect(where("configuration.ipPermissions.ipv4Ranges.cidrIp = '203.0.113.9'")).toEqual(['sg-v6']);
    expect(where("configuration.ipPermissions.ipv6Ranges.cidrIpv6 = '2001:db8::1'")).toEqual(['sg-v6']);
    expect(where("configuration.ipPermissions.ipv6Ranges.cidrIpv6 = '10.0.0.1'")).toEqual([]);
  });

  it('uses range semantics for a VPC cidrBlock, and ignores values that are not CIDR blocks', () => {
    const vpcs = [
      ci({ resourceId: 'vpc-1', resourceType: 'AWS::EC2::VPC', configuration: { cidrBlock: '10.1.0.0/16' } }),
      ci({ resourceId: 'vpc-2', resourceType: 'AWS::EC2::VPC', configuration: { cidrBlock: 'not-a-cidr' } }),
    ];
    expect(where("configuration.cidrBlock = '10.1.200.3'", vpcs)).toEqual(['vpc-1']);
    expect(where("NOT configuration.cidrBlock = '10.1.200.3'", vpcs)).toEqual(['vpc-2']);
  });
});

describe('ip properties (address semantics)', () => {
  const instances = [
    ci({
      resourceId: 'i-public',
      resourceType: 'AWS::EC2::Instance',
      configuration: { publicIpAddress: '54.1.2.3', privateIpAddress: '10.0.0.9' },
    }),
    ci({
      resourceId: 'i-private',
      resourceType: 'AWS::EC2::Instance',
      configuration: { privateIpAddress: '10.0.0.10' },
    }),
  ];

  it('BETWEEN the whole IPv4 space finds instances that have a public address', () => {
    expect(where("configuration.publicIpAddress BETWEEN '0.0.0.0' AND '255.255.255.255'", instances)).toEqual(
      ['i-public'],
    );
  });

  it('compares addresses numerically, not as strings', () => {
    // As strings '10.0.0.10' < '10.0.0.9'; as addresses it is greater.
    expect(where("configuration.privateIpAddress > '10.0.0.9'", instances)).toEqual(['i-private']);
    expect(where("configuration.privateIpAddress < '10.0.0.10'", instances)).toEqual(['i-public']);
    expect(where("configuration.privateIpAddress = '10.0.0.9'", instances)).toEqual(['i-public']);
  });
});
