import { describe, expect, it } from 'vitest';
import { parseAddress, parseCidr } from '../../../../src/emulator/config-query/ip-address.js';

describe('parseAddress', () => {
  it('reads IPv4 and IPv6 addresses', () => {
    expect(parseAddress('10.0.0.1')).toEqual({ family: 4, value: 0x0a000001n });
    expect(parseAddress('::1')).toEqual({ family: 6, value: 1n });
    expect(parseAddress('::')).toEqual({ family: 6, value: 0n });
    expect(parseAddress('2001:db8::')).toEqual({ family: 6, value: 0x20010db8n << 96n });
    expect(parseAddress('1:2:3:4:5:6:7:8')).toEqual({
      family: 6,
      value: 0x00010002000300040005000600070008n,
    });
    expect(parseAddress('::ffff:10.0.0.1')).toEqual({ family: 6, value: 0xffff0a000001n });
  });

  it('rejects malformed addresses', () => {
    for (const bad of [
      '10.0.0',
      '10.0.0.256',
      '10.0.0.1.2',
      'a.b.c.d',
      '1::2::3',
      '1:2:3:4:5:6:7',
      'g::1',
      '',
      'x',
    ]) {
      expect(parseAddress(bad), bad).toBeUndefined();
    }
  });
});

describe('parseCidr', () => {
  it('turns a block into its first and last address, masking host bits', () => {
    expect(parseCidr('10.0.0.0/24')).toEqual({ family: 4, low: 0x0a000000n, high: 0x0a0000ffn });
    expect(parseCidr('10.0.0.77/24')).toEqual({ family: 4, low: 0x0a000000n, high: 0x0a0000ffn });
    expect(parseCidr('0.0.0.0/0')).toEqual({ family: 4, low: 0n, high: 0xffffffffn });
    expect(parseCidr('::/0')).toEqual({ family: 6, low: 0n, high: (1n << 128n) - 1n });
  });

  it('takes a bare address as a one-address block', () => {
    expect(parseCidr('192.168.0.2')).toEqual({ family: 4, low: 0xc0a80002n, high: 0xc0a80002n });
  });

  it('rejects bad prefix lengths', () => {
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('10.0.0.0/')).toBeUndefined();
    expect(parseCidr('::/129')).toBeUndefined();
  });
});
