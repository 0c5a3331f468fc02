/**
 * One certificate's finding as an ECS alert: the certificate under `tls.server` (or `tls.client` when only a client
 * presented it), the risk as `event.risk_score`/`event.severity`, each signal under `certhound.signals` with its id.
 */
import type { Finding, Severity } from '../detect/types';
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

export function findingDocument(f: Finding): Record<string, unknown> {
  const side = f.roles.includes('server') || f.roles.length === 0 ? 'server' : 'client';
  const x = f.facts;
  return {
    '@timestamp': isoTimestamp(f.sightings.first),
    message: findingMessage(f),
    event: {
      kind: 'alert', category: ['network'], type: ['info'], module: 'certhound', dataset: 'certhound.finding',
      severity: ECS_SEVERITY[f.severity], risk_score: f.score, start: isoTimestamp(f.sightings.first), end: isoTimestamp(f.sightings.last),
    },
    rule: { name: f.signals.map((s) => s.id) },
    tls: {
      [side]: {
        hash: { sha256: f.sha256.toUpperCase(), sha1: x.sha1.toUpperCase() },
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
