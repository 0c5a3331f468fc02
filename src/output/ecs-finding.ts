/**
 * One certificate's finding as an ECS alert: the certificate under `tls.server` (or `tls.client` when only a client
 * presented it), the risk as `event.risk_score`/`event.severity`, each signal under `certhound.signals` with its id.
 */
import type { FindingEvent } from '../detect/finding-builder';
import type { Finding, Severity } from '../detect/types';
import { identityKind } from '../x509/cert-identity';
import { commonNamesOf } from '../correlate/cert-names';
import { isoTimestamp } from './time';

/** ECS `event.severity` is numeric; these follow the common 0–100 banding (Elastic detection rules). */
const ECS_SEVERITY: Record<Severity, number> = { info: 0, low: 21, medium: 47, high: 73, critical: 99 };

function commonName(rfc4514: string): string[] | undefined {
  const names = commonNamesOf(rfc4514);
  return names.length > 0 ? names : undefined;
}

export function findingMessage(f: Finding): string {
  const top = f.signals.filter((s) => s.severity !== 'info').map((s) => s.reason);
  return `${f.severity}: ${f.facts.subject || f.sha256}${top.length > 0 ? ` — ${top.join('; ')}` : ''}`;
}

/** ECS `hash.*` of a certificate: its SHA-256, or the digests a log gave when it had no SHA-256 (cert-identity.ts). */
function hashes(f: Finding): Record<string, string> | undefined {
  const kind = identityKind(f.sha256);
  const out: Record<string, string> = {};
  if (kind === 'sha256') out.sha256 = f.sha256.toUpperCase();
  else if (kind === 'md5') out.md5 = f.sha256.slice(4).toUpperCase();
  if (f.facts.sha1) out.sha1 = f.facts.sha1.toUpperCase();
  return Object.keys(out).length > 0 ? out : undefined;
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

/**
 * One finding's document. `action` says whether it is the first document about the certificate (`created`) or one
 * written because later sightings changed its judgement (`updated`, with what changed); both carry the finding id.
 */
export function findingDocument(f: Finding, action: FindingEvent['action'] = 'created', previous?: FindingEvent['previous']): Record<string, unknown> {
  const side = f.roles.includes('server') || f.roles.length === 0 ? 'server' : 'client';
  const x = f.facts;
  const kind = identityKind(f.sha256);
  return {
    '@timestamp': isoTimestamp(f.sightings.first),
    message: findingMessage(f),
    event: {
      kind: 'alert', category: ['network'], type: ['info'], module: 'certhound', dataset: 'certhound.finding', action,
      severity: ECS_SEVERITY[f.severity], risk_score: f.score, start: isoTimestamp(f.sightings.first), end: isoTimestamp(f.sightings.last),
    },
    rule: { name: f.signals.map((s) => s.id) },
    tls: {
      [side]: {
        hash: hashes(f),
        subject: x.subject, issuer: x.issuer, not_before: x.notBefore, not_after: x.notAfter,
        x509: {
          subject: { distinguished_name: x.subject, common_name: commonName(x.subject) },
          issuer: { distinguished_name: x.issuer, common_name: commonName(x.issuer) },
          serial_number: x.serial, not_before: x.notBefore, not_after: x.notAfter,
          alternative_names: x.san.length > 0 ? x.san : undefined, signature_algorithm: x.signatureAlgorithm,
        },
      },
    },
    certhound: {
      finding_id: f.id,
      ...(kind !== 'sha256' ? { identity: { kind, value: f.sha256 } } : {}),
      ...(action === 'updated' && previous ? { changed: changes(f, previous) } : {}),
      severity: f.severity,
      score: f.score,
      roles: f.roles,
      chain_position: f.position,
      key: x.key,
      spki_sha256: x.spkiSha256,
      self_issued: x.selfIssued,
      ca: x.ca,
      trust: f.trust,
      sightings: {
        count: f.sightings.count, servers: f.sightings.servers, server_names: f.sightings.serverNames, clients: f.sightings.clients,
        distinct_servers: f.sightings.distinctServers, distinct_server_names: f.sightings.distinctServerNames,
        first: isoTimestamp(f.sightings.first), last: isoTimestamp(f.sightings.last), sources: f.sightings.sources,
      },
      signals: f.signals,
      history: f.history,
      suppressed: f.suppressed,
    },
  };
}
