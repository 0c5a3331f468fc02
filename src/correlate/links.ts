/** The four ways a host detection can point at a network finding; each returns its evidence or nothing. */
import { timestampMs } from '../detect/cert-helpers';
import type { Finding } from '../detect/types';
import type { HostDetection } from '../host/types';
import { commonNamesOf, nameKey } from './cert-names';
import { endpointIp, ipKey } from './ip-key';
import type { CorrelateOptions, Link } from './types';

/** The CN and DNS names a detection's command line gives. */
export function hostNames(d: HostDetection): string[] {
  const names = d.names.commonName ? [d.names.commonName, ...d.names.dnsNames] : d.names.dnsNames;
  return names.filter((n) => nameKey(n) !== '');
}

/** SHA-1 thumbprints a detection names (registry store key first), lower-case. */
export function hostThumbprints(d: HostDetection): string[] {
  const named = d.event.registryThumbprint ? [d.event.registryThumbprint, ...d.names.thumbprints] : d.names.thumbprints;
  return named.map((t) => t.toLowerCase());
}

function position(f: Finding): string {
  return f.position === 0 ? 'leaf' : `chain position ${f.position}`;
}

export function nameLink(f: Finding, d: HostDetection): Link | undefined {
  const names = hostNames(d);
  if (names.length === 0) return undefined;
  const certNames = new Map<string, string>();
  for (const cn of commonNamesOf(f.facts.subject)) certNames.set(nameKey(cn), 'subject CN');
  for (const san of f.facts.san) if (!certNames.has(nameKey(san))) certNames.set(nameKey(san), 'SAN');
  for (const n of names) {
    const where = certNames.get(nameKey(n));
    if (where) return { kind: 'name', evidence: `command line names '${n}' = certificate ${where} (${position(f)})` };
  }
  return undefined;
}

export function thumbprintLink(f: Finding, d: HostDetection): Link | undefined {
  const sha1 = f.facts.sha1.toLowerCase();
  if (!hostThumbprints(d).includes(sha1)) return undefined;
  const via = d.event.kind === 'registry' && d.event.registryThumbprint?.toLowerCase() === sha1
    ? `registry key of store ${d.store ?? d.event.registryStore ?? '?'}`
    : 'command line';
  return { kind: 'thumbprint', evidence: `${via} names SHA-1 ${sha1} = certificate in an observed chain (${position(f)})` };
}

/** The detection's host addresses: the event's own (when it is one), else those the options give for its host name. */
export function hostAddressesOf(d: HostDetection, o: CorrelateOptions): { addresses: readonly string[]; given: boolean } {
  if (d.event.hostIp !== undefined && ipKey(d.event.hostIp) !== undefined) return { addresses: [d.event.hostIp], given: false };
  const name = d.event.host?.trim().toLowerCase();
  if (!name || o.hostAddresses.size === 0) return { addresses: [], given: false };
  const addresses = o.hostAddresses.get(name) ?? o.hostAddresses.get(name.split('.')[0]) ?? [];
  return { addresses, given: addresses.length > 0 };
}

export function addressLink(f: Finding, d: HostDetection, o: CorrelateOptions): Link | undefined {
  const { addresses, given } = hostAddressesOf(d, o);
  // A finding's server list holds the servers of every handshake it was in; a client-only certificate was received by them.
  const servedByServer = f.roles.includes('server') || f.roles.length === 0;
  for (const ip of addresses) {
    const key = ipKey(ip);
    if (key === undefined) continue;
    const host = d.event.host ? `${d.event.host} (${ip}${given ? ', address given for the host' : ''})` : ip;
    const server = f.sightings.servers.find((s) => ipKey(endpointIp(s)) === key);
    if (server) {
      return { kind: 'address', evidence: `host ${host} is TLS server ${server}, which ${servedByServer ? 'presented' : 'received'} it` };
    }
    if (f.sightings.clients.some((c) => ipKey(c) === key)) {
      return { kind: 'address', evidence: `host ${host} is a TLS client that ${servedByServer ? 'received' : 'presented'} it` };
    }
  }
  return undefined;
}

/** `42 s after`, `7 min after`, `1 s before`. */
function offset(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  return `${s < 120 ? `${s} s` : `${Math.round(s / 60)} min`} ${ms < 0 ? 'before' : 'after'}`;
}

export function timeLink(f: Finding, d: HostDetection, o: CorrelateOptions): Link | undefined {
  const at = d.event.time;
  if (!Number.isFinite(at) || at <= 0) return undefined;
  const inWindow = (t: number) => t >= at - o.clockSkewMs && t <= at + o.windowMs;
  const notBefore = Date.parse(f.facts.notBefore);
  if (inWindow(notBefore)) {
    return { kind: 'time', basis: 'not-before', evidence: `notBefore ${f.facts.notBefore} is ${offset(notBefore - at)} the host event` };
  }
  // The baseline's first sighting ever, when it knew the certificate before this capture began.
  const captureFirst = timestampMs(f.sightings.first);
  const first = f.history?.firstSeen !== undefined && f.history.firstSeen < captureFirst ? f.history.firstSeen : captureFirst;
  if (f.sightings.count > 0 && inWindow(first)) {
    return { kind: 'time', basis: 'first-seen', evidence: `first seen on the network ${new Date(first).toISOString()}, ${offset(first - at)} the host event` };
  }
  return undefined;
}

/**
 * The names the host event gives when none of them is the certificate's subject CN, a SAN or its issuer's CN: that
 * command made another certificate (`openssl req -subj /CN=evil-c2.example` says nothing of a PayPal look-alike
 * served from the same host).
 */
export function contradictingNames(f: Finding, d: HostDetection): string[] | undefined {
  const names = hostNames(d);
  if (names.length === 0 || nameLink(f, d) !== undefined) return undefined;
  // The command may have made the certificate's issuer (a CA, then a leaf it signed): that is no contradiction.
  const issuers = new Set(commonNamesOf(f.facts.issuer).map(nameKey));
  return names.some((n) => issuers.has(nameKey(n))) ? undefined : names;
}

/** An address link marked weak: address and time alone tie the host event to the certificate. */
export function weakened(l: Link): Link {
  return l.kind === 'address' ? { ...l, evidence: `${l.evidence} (weak: address and time only, nothing the host event names is this certificate)` } : l;
}
