/**
 * A STIX 2.1 bundle (OASIS CTI STIX 2.1): per exported certificate an `x509-certificate` observable (its id the
 * deterministic UUIDv5 STIX asks of observables, over its hashes), an `indicator` with an
 * `[x509-certificate:hashes.'SHA-256' = '…']` pattern, ATT&CK references and kill-chain phases, `related-to` the
 * observable; where `tool-default` names the tool that made it, a `tool` (dual-use: C2 frameworks, proxies) or
 * `malware` (a RAT family) object the indicator `indicates`. Everything is created by one `identity` (certhound).
 */
import type { Finding } from '../../detect/types';
import { isoTimestamp } from '../time';
import { ecsDate } from '../ecs-values';
import { allSanNames } from '../ecs-x509';
import { signalTechniques, attackUrl, type AttackTechnique } from '../attack-techniques';
import { attributionsOf, describe } from './indicators';
import { uuid5 } from './uuid5';

/** STIX 2.1 §2.9: the namespace of deterministic observable ids. */
const SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';
/** certhound's own namespace for the ids of the objects it makes (any fixed UUID). */
const CERTHOUND_NAMESPACE = '6f3b2a1e-5c4d-4e8f-9a0b-1c2d3e4f5a6b';

type StixObject = Record<string, unknown> & { type: string; id: string };

const stixTime = (iso: string) => new Date(iso).toISOString();

function ownId(type: string, name: string): string {
  return `${type}--${uuid5(CERTHOUND_NAMESPACE, `${type}:${name}`)}`;
}

function x509Object(f: Finding): StixObject {
  const hashes = { 'SHA-256': f.sha256.toLowerCase(), 'SHA-1': f.facts.sha1.toLowerCase() };
  const c = f.cert;
  const notBefore = ecsDate(c.notBefore);
  const notAfter = ecsDate(c.notAfter);
  const san = allSanNames(c);
  const bc = c.basicConstraints;
  const extensions: Record<string, string> = {};
  if (san.length > 0) extensions.subject_alternative_name = san.join(', ');
  if (bc) extensions.basic_constraints = `${bc.critical ? 'critical,' : ''}CA:${bc.ca ? 'TRUE' : 'FALSE'}${bc.pathLength !== undefined ? `,pathlen:${bc.pathLength}` : ''}`;
  if (c.subjectKeyId) extensions.subject_key_identifier = c.subjectKeyId;
  if (c.authorityKeyId) extensions.authority_key_identifier = `keyid:${c.authorityKeyId}`;
  if (c.extendedKeyUsage.length > 0) extensions.extended_key_usage = c.extendedKeyUsage.join(', ');
  return {
    type: 'x509-certificate',
    spec_version: '2.1',
    id: `x509-certificate--${uuid5(SCO_NAMESPACE, JSON.stringify({ hashes }))}`,
    hashes,
    is_self_signed: c.selfIssued && c.selfSignatureValid === true ? true : undefined,
    version: c.parsed ? String(c.version) : undefined,
    serial_number: f.facts.serial || undefined,
    signature_algorithm: f.facts.signatureAlgorithm || undefined,
    issuer: f.facts.issuer || undefined,
    validity_not_before: notBefore && stixTime(notBefore),
    validity_not_after: notAfter && stixTime(notAfter),
    subject: f.facts.subject || undefined,
    subject_public_key_algorithm: c.publicKey.type,
    subject_public_key_exponent: c.publicKey.rsaExponent,
    x509_v3_extensions: Object.keys(extensions).length > 0 ? extensions : undefined,
  };
}

function techniquesOf(f: Finding): AttackTechnique[] {
  return [...new Map(f.signals.flatMap((s) => signalTechniques(f, s)).map((t) => [t.id, t])).values()];
}

export interface StixOptions {
  /** When the bundle is made (created/modified of its objects). */
  now: Date;
}

export function stixBundle(findings: readonly Finding[], opts: StixOptions): Record<string, unknown> {
  const now = opts.now.toISOString();
  const identity: StixObject = {
    type: 'identity', spec_version: '2.1', id: ownId('identity', 'certhound'), created: now, modified: now,
    name: 'certhound', identity_class: 'system', description: 'hunts attacker-made TLS certificates (MITRE ATT&CK T1587.003)',
  };
  const objects: StixObject[] = [identity];
  const software = new Map<string, StixObject>();
  for (const f of findings) {
    const cert = x509Object(f);
    const techniques = techniquesOf(f);
    const indicator: StixObject = {
      type: 'indicator', spec_version: '2.1', id: ownId('indicator', f.sha256.toLowerCase()), created: now, modified: now,
      created_by_ref: identity.id,
      name: `${f.severity} certificate ${f.facts.subject || f.sha256}`.slice(0, 250),
      description: describe(f, 10),
      indicator_types: [f.severity === 'critical' || f.severity === 'high' ? 'malicious-activity' : 'anomalous-activity'],
      pattern: `[x509-certificate:hashes.'SHA-256' = '${f.sha256.toLowerCase()}']`,
      pattern_type: 'stix',
      valid_from: stixTime(isoTimestamp(f.sightings.first).replace(/\.(\d{3})\d*Z$/, '.$1Z')),
      kill_chain_phases: techniques.length > 0
        ? [...new Set(techniques.flatMap((t) => t.tactics.map((x) => x.name.toLowerCase().replace(/ /g, '-'))))].map((phase) => ({ kill_chain_name: 'mitre-attack', phase_name: phase }))
        : undefined,
      external_references: techniques.length > 0
        ? techniques.map((t) => ({ source_name: 'mitre-attack', external_id: t.id, url: attackUrl(t.id) }))
        : undefined,
      labels: f.signals.filter((s) => s.severity !== 'info').map((s) => s.id),
    };
    objects.push(cert, indicator, relationship('related-to', indicator.id, cert.id, now, identity.id));
    for (const { name: tool, malware } of attributionsOf(f)) {
      const key = `${malware ? 'malware' : 'tool'}:${tool.toLowerCase()}`;
      let sdo = software.get(key);
      if (!sdo) {
        sdo = malware
          ? { type: 'malware', spec_version: '2.1', id: ownId('malware', tool.toLowerCase()), created: now, modified: now, created_by_ref: identity.id, name: tool, is_family: true, malware_types: ['remote-access-trojan'] }
          : { type: 'tool', spec_version: '2.1', id: ownId('tool', tool.toLowerCase()), created: now, modified: now, created_by_ref: identity.id, name: tool };
        software.set(key, sdo);
        objects.push(sdo);
      }
      objects.push(relationship('indicates', indicator.id, sdo.id, now, identity.id));
    }
  }
  return { type: 'bundle', id: ownId('bundle', `${now} ${findings.map((f) => f.sha256).join(',')}`), objects: objects.map(withoutUndefined) };
}

function relationship(type: string, source: string, target: string, now: string, by: string): StixObject {
  return {
    type: 'relationship', spec_version: '2.1', id: ownId('relationship', `${type} ${source} ${target}`), created: now, modified: now,
    created_by_ref: by, relationship_type: type, source_ref: source, target_ref: target,
  };
}

function withoutUndefined(o: StixObject): StixObject {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as StixObject;
}
