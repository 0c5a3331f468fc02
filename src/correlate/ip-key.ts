/**
 * One key per address, whatever its spelling: host sources write `2001:DB8:0:0::1`, `[2001:db8::1]`, `fe80::1%eth0`
 * or `::ffff:10.0.0.5`, the network side writes RFC 5952 text. IPv4-mapped IPv6 keys as the IPv4 address.
 */
import { isIPv6 } from 'node:net';

const DOTTED_QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function ipv6Groups(text: string): number[] | undefined {
  let s = text;
  let tail: number[] = [];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const b = v4[1].split('.').map(Number);
    tail = [(b[0] << 8) | b[1], (b[2] << 8) | b[3]];
    s = s.slice(0, -v4[1].length) + '0:0';
  }
  const halves = s.split('::');
  const head = halves[0] === '' ? [] : halves[0].split(':');
  const rest = halves.length > 1 && halves[1] !== '' ? halves[1].split(':') : [];
  const fill = 8 - head.length - rest.length;
  const groups = [...head, ...(halves.length > 1 ? new Array<string>(fill).fill('0') : []), ...rest].map((g) => parseInt(g, 16));
  if (groups.length !== 8 || groups.some((g) => !Number.isInteger(g))) return undefined;
  if (tail.length === 2) groups.splice(6, 2, ...tail);
  return groups;
}

/** Distinct address texts remembered (the same few servers and hosts come back for every finding and detection). */
const MAX_MEMO = 1 << 16;
const memo = new Map<string, string | undefined>();

/** Canonical key of an address (not for display); undefined when the text is no address. */
export function ipKey(text: string): string | undefined {
  if (memo.has(text)) return memo.get(text);
  if (memo.size >= MAX_MEMO) memo.clear();
  const key = parseIpKey(text);
  memo.set(text, key);
  return key;
}

function parseIpKey(text: string): string | undefined {
  let s = text.trim();
  if (s.startsWith('[')) s = s.slice(1, s.indexOf(']') > 0 ? s.indexOf(']') : undefined);
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  const quad = DOTTED_QUAD.exec(s);
  if (quad) {
    const b = [Number(quad[1]), Number(quad[2]), Number(quad[3]), Number(quad[4])];
    return b.every((n) => n <= 255) ? b.join('.') : undefined;
  }
  if (!isIPv6(s)) return undefined;
  const g = ipv6Groups(s.toLowerCase());
  if (!g) return undefined;
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    return `${g[6] >> 8}.${g[6] & 0xff}.${g[7] >> 8}.${g[7] & 0xff}`;
  }
  return g.map((n) => n.toString(16)).join(':');
}

/** The address of a finding's `ip:port` / `[ip]:port` server entry. */
export function endpointIp(endpoint: string): string {
  if (endpoint.startsWith('[')) return endpoint.slice(1, Math.max(1, endpoint.indexOf(']')));
  const colon = endpoint.lastIndexOf(':');
  return colon > 0 && endpoint.indexOf(':') === colon ? endpoint.slice(0, colon) : endpoint;
}
