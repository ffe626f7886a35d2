import { isIPv4, isIPv6 } from 'node:net';

/**
 * The network a client address belongs to, as the detector groups clients: the /24 of an IPv4 address, the /48
 * of an IPv6 one (a site), an IPv4-mapped IPv6 address as IPv4. Undefined for anything that is not an address.
 */
export function clientNetwork(address: string | undefined): string | undefined {
  if (address === undefined) return undefined;
  let text = address.trim();
  if (text.startsWith('[') && text.includes(']')) text = text.slice(1, text.indexOf(']'));
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text);
  if (mapped) text = mapped[1]!;
  if (isIPv4(text)) {
    const [a, b, c] = text.split('.');
    return `${Number(a)}.${Number(b)}.${Number(c)}.0/24`;
  }
  if (!isIPv6(text)) return undefined;
  return `${expandIPv6(text).slice(0, 3).join(':')}::/48`;
}

/** The eight groups of an IPv6 address, without leading zeros (an embedded IPv4 tail becomes two groups). */
function expandIPv6(text: string): string[] {
  let address = text.toLowerCase();
  const ipv4Tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  if (ipv4Tail) {
    const [, a, b, c, d] = ipv4Tail.map(Number) as [number, number, number, number, number];
    address = `${address.slice(0, ipv4Tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = address.split('::') as [string, string | undefined];
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...new Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tailGroups];
  return groups.map((group) => Number.parseInt(group, 16).toString(16));
}

/**
 * The client address of a request: the socket's peer, or, when a trusted proxy sets `header`
 * (`x-forwarded-for`), the entry `trustedHops` places from its right end (1: the address the nearest proxy saw).
 * A header with fewer entries than that falls back to the peer.
 */
export function clientAddress(peer: string | undefined, headerValue: string | null, trustedHops: number): string | undefined {
  if (headerValue === null || trustedHops < 1) return peer;
  const entries = headerValue
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  return entries.length >= trustedHops ? entries[entries.length - trustedHops] : peer;
}
