/**
 * One certificate's finding as an ECS alert. The certificate is the alert's indicator (`threat.indicator.x509`,
 * whatever its place in the chain); a leaf is also written where ECS puts a connection's certificate
 * (`tls.server.*`, or `tls.client.*` when only a client presented it): ECS reserves those for the leaf, so a CA
 * certificate never goes there. Each signal is a `rule.id` and, where it shows one, an ATT&CK technique under
 * `threat.*`; `certhound.connections` and `network.community_id` point to the connections it was seen in.
 */
import type { FindingEvent } from '../detect/finding-builder';
import type { Finding, Severity, Signal, Sighting } from '../detect/types';
import { identityKind } from '../x509/cert-identity';
import { isoTimestamp } from './time';
import { ecsX509, certhoundX509 } from './ecs-x509';
import { ecsDate, ecsDateFromMs, ecsHash, distinctValues } from './ecs-values';
import { ecsBase, ecsIp, type EcsOptions } from './ecs-common';
import { connectionCommunityId } from './community-id';
import { chainEntry } from './ecs-connection';
import type { CertFacts } from '../x509/types';
import { attackUrl, signalTechniques, type AttackTechnique } from './attack-techniques';

/** ECS `event.severity` is numeric; these follow the common 0–100 banding (Elastic detection rules). */
export const ECS_SEVERITY: Readonly<Record<Severity, number>> = { info: 0, low: 21, medium: 47, high: 73, critical: 99 };

export function findingMessage(f: Finding): string {
  const top = f.signals.filter((s) => s.severity !== 'info').map((s) => s.reason);
  return `${f.severity}: ${f.facts.subject || f.sha256}${top.length > 0 ? ` — ${top.join('; ')}` : ''}`;
}

/** What an update changed, against the document before it. */
function changes(f: Finding, previous: NonNullable<FindingEvent['previous']>): Record<string, unknown> {
  const now = new Set(f.signals.map((s) => s.id));
  const before = new Set(previous.signals);
  return {
    ...(previous.severity !== f.severity ? { severity: { from: previous.severity, to: f.severity } } : {}),
    ...(previous.score !== f.score ? { score: { from: previous.score, to: f.score } } : {}),
    signals_added: [...now].filter((id) => !before.has(id)),
    signals_removed: [...before].filter((id) => !now.has(id)),
  };
}

function endpointText(e: { ip: string; port: number }): string {
  return e.ip.includes(':') ? `[${e.ip}]:${e.port}` : `${e.ip}:${e.port}`;
}

/** The connection a kept sighting stands for, with every id other tools know it by. */
function connectionRef(s: Sighting): Record<string, unknown> {
  return {
    timestamp: isoTimestamp(s.ts),
    community_id: s.transport && ecsIp(s.client.ip) && ecsIp(s.server.ip) ? connectionCommunityId(s.transport, s.client, s.server) : undefined,
    uid: s.uid,
    flow_id: s.flowId,
    server: endpointText(s.server),
    client: endpointText(s.client),
    server_name: s.serverName,
    role: s.role,
    position: s.position,
    file: s.source.file,
    frame: s.source.frame,
    line: s.source.line,
  };
}

/** Evidence keys that hold certificate or key hashes (`sha256`, `signerSha256`, `fingerprints` …). */
const HASH_KEY = /(sha1|sha256|fingerprint)s?$/i;
const HEX = /^[0-9a-f]+$/i;

/** A signal's evidence with its hashes in the documents' one case; the rest as the detector wrote it. */
function evidenceDoc(evidence: Signal['evidence']): Record<string, unknown> {
  const upper = (v: string) => (HEX.test(v) ? v.toUpperCase() : v);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(evidence)) {
    out[k] = !HASH_KEY.test(k) ? v : typeof v === 'string' ? upper(v) : Array.isArray(v) ? v.map(upper) : v;
  }
  return out;
}

/** ECS `threat.*`: the union of the techniques every signal shows, as ECS's parallel arrays. */
function attack(techniques: readonly AttackTechnique[]): Record<string, unknown> {
  if (techniques.length === 0) return {};
  const unique = [...new Map(techniques.map((t) => [t.id, t])).values()];
  const tactics = [...new Map(unique.flatMap((t) => t.tactics).map((t) => [t.id, t])).values()];
  const parents = unique.map((t) => t.parent ?? { id: t.id, name: t.name });
  const distinctParents = [...new Map(parents.map((p) => [p.id, p])).values()];
  const subs = unique.filter((t) => t.parent);
  return {
    framework: 'MITRE ATT&CK',
    tactic: { id: tactics.map((t) => t.id), name: tactics.map((t) => t.name), reference: tactics.map((t) => attackUrl(t.id)) },
    technique: {
      id: distinctParents.map((p) => p.id), name: distinctParents.map((p) => p.name), reference: distinctParents.map((p) => attackUrl(p.id)),
      subtechnique: subs.length > 0
        ? { id: subs.map((t) => t.id), name: subs.map((t) => t.name), reference: subs.map((t) => attackUrl(t.id)) }
        : undefined,
    },
  };
}

/**
 * Which ECS `tls.<side>` the certificate belongs to: one presented first in its chain (a leaf, whatever its CA flag;
 * a lone certificate of `certhound cert` counts as a server's); undefined for a certificate only seen above a leaf.
 */
function leafSide(f: Finding): 'server' | 'client' | undefined {
  if (f.position > 0) return undefined;
  return f.roles.length === 0 || f.roles.includes('server') ? 'server' : 'client';
}

/**
 * One finding's document. `event` says whether it is the first document about the certificate (`created`) or one
 * written because later sightings changed its judgement (`updated`, with what changed); both carry the finding id.
 */
export function findingDocument(f: Finding, opts: EcsOptions = {}, event: Pick<FindingEvent, 'action' | 'previous'> = { action: 'created' }): Record<string, unknown> {
  const cert = f.cert;
  const kind = identityKind(f.sha256);
  const first = isoTimestamp(f.sightings.first);
  const last = isoTimestamp(f.sightings.last);
  const perSignal = f.signals.map((s) => ({ s, techniques: signalTechniques(f, s) }));
  const connections = f.sightings.kept.map(connectionRef);
  const side = leafSide(f);
  // a certificate a log named by another digest has no SHA-256: its labelled identity says which (cert-identity.ts)
  const hashes = {
    sha256: kind === 'sha256' ? ecsHash(f.sha256) : undefined,
    sha1: ecsHash(f.facts.sha1 || undefined),
    md5: kind === 'md5' ? ecsHash(f.sha256.slice(4)) : undefined,
  };
  return {
    '@timestamp': first,
    ...ecsBase(opts),
    message: findingMessage(f),
    event: {
      // An info finding (nothing wrong, or silenced by an allowlist or a trust mark) is a record, not an alert.
      kind: f.severity === 'info' ? 'event' : 'alert',
      category: ['intrusion_detection', 'network'], type: ['info'], module: 'certhound', dataset: 'certhound.finding', action: event.action,
      severity: ECS_SEVERITY[f.severity], risk_score: f.score, risk_score_norm: f.score, start: first, end: last,
    },
    rule: f.signals.length > 0
      ? { id: f.signals.map((s) => s.id), name: f.signals.map((s) => s.id), ruleset: 'certhound', category: 'TLS certificate' }
      : undefined,
    threat: { ...attack(perSignal.flatMap((p) => p.techniques)), indicator: indicator(f) },
    network: { community_id: distinctValues(connections.map((c) => c.community_id as string | undefined)) },
    related: {
      hash: distinctValues([hashes.sha256, hashes.sha1, ecsHash(f.facts.spkiSha256 || undefined), cert.ja4x]),
      ip: distinctValues([...f.sightings.kept.flatMap((s) => [ecsIp(s.server.ip), ecsIp(s.client.ip)]), ...f.sightings.clients.map(ecsIp)]),
      hosts: distinctValues([...f.sightings.serverNames, ...cert.san.dns]),
    },
    tls: side ? {
      [side]: {
        hash: hashes,
        subject: f.facts.subject, issuer: f.facts.issuer, not_before: ecsDate(f.facts.notBefore), not_after: ecsDate(f.facts.notAfter),
        x509: ecsX509(cert),
      },
    } : undefined,
    certhound: {
      finding_id: f.id,
      ...(kind !== 'sha256' ? { identity: { kind, value: f.sha256 } } : {}),
      ...(event.action === 'updated' && event.previous ? { changed: changes(f, event.previous) } : {}),
      severity: f.severity,
      score: f.score,
      roles: f.roles.length > 0 ? f.roles : undefined,
      chain_position: f.position,
      key: f.facts.key,
      x509: certhoundX509(cert),
      trust: { verdict: f.trust.verdict, reason: f.trust.reason, anchor: ecsHash(f.trust.anchor) },
      sightings: {
        count: f.sightings.count,
        servers: f.sightings.servers, server_names: f.sightings.serverNames, clients: f.sightings.clients,
        distinct_servers: f.sightings.distinctServers, distinct_server_names: f.sightings.distinctServerNames,
        first, last, sources: f.sightings.sources,
      },
      connections: connections.length > 0 ? connections : undefined,
      signals: perSignal.map(({ s, techniques }) => ({
        id: s.id, severity: s.severity, class: s.class, weight: s.weight, reason: s.reason, evidence: evidenceDoc(s.evidence),
        technique: techniques.length > 0 ? techniques.map((t) => t.id) : undefined,
      })),
      history: f.history ? {
        first_seen_ever: f.history.firstSeenEver, first_seen: ecsDateFromMs(f.history.firstSeen),
        server_total: f.history.serverTotal, replaced: f.history.replaced,
      } : undefined,
      suppressed: f.suppressed,
    },
  };
}

/** ECS `threat.indicator.*`: the finding's certificate, whatever its place in the chain. */
function indicator(f: Finding): Record<string, unknown> {
  return {
    type: 'x509-certificate',
    provider: 'certhound',
    first_seen: isoTimestamp(f.sightings.first),
    last_seen: isoTimestamp(f.sightings.last),
    sightings: f.sightings.count,
    x509: ecsX509(f.cert),
  };
}

/** `certhound cert`: the finding of one certificate with the chain it came in (`certhound.chain`, leaf first). */
export function certificateDocument(chain: readonly CertFacts[], f: Finding, opts: EcsOptions = {}): Record<string, unknown> {
  const doc = findingDocument(f, opts);
  return { ...doc, certhound: { ...(doc.certhound as Record<string, unknown>), chain: chain.map((c) => chainEntry(c, c)) } };
}
