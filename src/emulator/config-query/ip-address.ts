// IPv4/IPv6 addresses and CIDR blocks as numeric ranges, for ip- and cidr_block-typed properties.

/** An inclusive address range within one address family. A single address has `low === high`. */
export interface AddressRange {
  family: 4 | 6;
  low: bigint;
  high: bigint;
}

/** Parse one address (no prefix length); undefined when `text` is not an IPv4 or IPv6 address. */
export function parseAddress(text: string): { family: 4 | 6; value: bigint } | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const v6 = parseIpv6(text);
  if (v6 !== undefined) return { family: 6, value: v6 };
  return undefined;
}

/** Parse `address/prefix` (or a bare address, taken as a one-address block) into a range. */
export function parseCidr(text: string): AddressRange | undefined {
  const slash = text.indexOf('/');
  const addressText = slash < 0 ? text : text.slice(0, slash);
  const address = parseAddress(addressText);
  if (!address) return undefined;
  const bits = address.family === 4 ? 32 : 128;
  let prefix = bits;
  if (slash >= 0) {
    const prefixText = text.slice(slash + 1);
    if (!/^[0-9]{1,3}$/.test(prefixText)) return undefined;
    prefix = Number(prefixText);
    if (prefix > bits) return undefined;
  }
  const hostBits = BigInt(bits - prefix);
  const hostMask = (1n << hostBits) - 1n;
  const low = address.value & ~hostMask;
  return { family: address.family, low, high: low | hostMask };
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^[0-9]{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  if (!text.includes(':')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const groups: bigint[] = [];
  const all = [...head, ...tail];
  // An embedded IPv4 tail (::ffff:10.0.0.1) counts as two groups.
  const last = all[all.length - 1];
  let v4Tail: bigint | undefined;
  if (last?.includes('.')) {
    v4Tail = parseIpv4(last);
    if (v4Tail === undefined) return undefined;
    if (tail.length) tail.pop();
    else head.pop();
  }
  const groupCount = head.length + tail.length + (v4Tail === undefined ? 0 : 2);
  if (halves.length === 1 ? groupCount !== 8 : groupCount > 7) return undefined;
  const parseGroups = (list: string[]): boolean => {
    for (const g of list) {
      if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return false;
      groups.push(BigInt(Number.parseInt(g, 16)));
    }
    return true;
  };
  if (!parseGroups(head)) return undefined;
  const zeros = 8 - groupCount;
  for (let i = 0; i < zeros; i++) groups.push(0n);
  if (!parseGroups(tail)) return undefined;
  let value = 0n;
  for (const g of groups) value = (value << 16n) | g;
  if (v4Tail !== undefined) value = (value << 32n) | v4Tail;
  return value;
}
