/** The four ways a host detection can point at a network finding; each returns its evidence or nothing. */
import type { Finding } from '../detect/types';
import type { HostDetection } from '../host/types';
import type { CorrelateOptions, Link } from './types';

/** First CN of an RFC 4514 string (`CN=a\,b,O=c` → `a,b`). */
export function commonNameOf(rfc4514: string): string | undefined {
  const m = /(?:^|,)CN=((?:\\.|[^,])*)/.exec(rfc4514);
  return m ? m[1].replace(/\\(.)/g, '$1') : undefined;
}

function norm(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

export function nameLink(f: Finding, d: HostDetection): Link | undefined {
  const hostNames = [d.names.commonName, ...d.names.dnsNames].filter((n): n is string => !!n);
  if (hostNames.length === 0) return undefined;
  const cn = commonNameOf(f.facts.subject);
  const certNames = new Map<string, string>();
  if (cn) certNames.set(norm(cn), 'subject CN');
  for (const san of f.facts.san) if (!certNames.has(norm(san))) certNames.set(norm(san), 'SAN');
  for (const n of hostNames) {
    const where = certNames.get(norm(n));
    if (where) return { kind: 'name', evidence: `command line names '${n}' = certificate ${where}` };
  }
  return undefined;
}

export function thumbprintLink(f: Finding, d: HostDetection): Link | undefined {
  const sha1 = f.facts.sha1.toLowerCase();
  const named = [d.event.registryThumbprint, ...d.names.thumbprints].filter((t): t is string => !!t);
  const hit = named.find((t) => t.toLowerCase() === sha1);
  if (!hit) return undefined;
  const via = d.event.kind === 'registry' ? `store ${d.store ?? d.event.registryStore ?? '?'} key` : 'command line';
  return { kind: 'thumbprint', evidence: `${via} names ${hit.toLowerCase()} = certificate SHA-1` };
}

export function addressLink(f: Finding, d: HostDetection): Link | undefined {
  const ip = d.event.hostIp?.toLowerCase();
  if (!ip) return undefined;
  const server = f.sightings.servers.find((s) => s.replace(/^\[/, '').replace(/\]?:\d+$/, '').toLowerCase() === ip);
  if (server) return { kind: 'address', evidence: `host ${d.event.host ?? ip} (${ip}) presented it as server ${server}` };
  const client = f.sightings.clients.find((c) => c.toLowerCase() === ip);
  if (client) return { kind: 'address', evidence: `host ${d.event.host ?? ip} (${ip}) received it as client` };
  return undefined;
}

export function timeLink(f: Finding, d: HostDetection, o: CorrelateOptions): Link | undefined {
  const at = d.event.time;
  if (!at) return undefined;
  const notBefore = Date.parse(f.facts.notBefore);
  if (!Number.isNaN(notBefore) && notBefore >= at - o.clockSkewMs && notBefore <= at + o.notBeforeWindowMs) {
    return { kind: 'time', evidence: `notBefore ${f.facts.notBefore} is ${Math.round((notBefore - at) / 1000)} s after the host event` };
  }
  const first = f.sightings.first.sec * 1000 + Math.floor(f.sightings.first.nsec / 1e6);
  if (first >= at && first <= at + o.sightingWindowMs) {
    return { kind: 'time', evidence: `first seen on the network ${Math.round((first - at) / 1000)} s after the host event` };
  }
  return undefined;
}
