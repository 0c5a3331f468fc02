/**
 * A MISP event (the JSON `Event` MISP imports): one `x509` object per exported certificate (template
 * MISP/misp-objects objects/x509, uuid d1ab756a-26b5-4349-9f43-765630f0911c), with its fingerprints, subject,
 * issuer, serial, validity and key; the event tagged with the ATT&CK techniques (misp-galaxy tags) and TLP:AMBER.
 */
import type { Finding, Severity } from '../../detect/types';
import { ecsDate } from '../ecs-values';
import { signalTechniques } from '../attack-techniques';
import { attributionsOf, describe } from './indicators';
import { uuid5 } from './uuid5';

const X509_TEMPLATE = { uuid: 'd1ab756a-26b5-4349-9f43-765630f0911c', version: '4' };
const NAMESPACE = '0c5f2a8e-3b1d-4f6a-8e9c-2d4b6a8c0e1f';

/** MISP `threat_level_id`: 1 high, 2 medium, 3 low, 4 undefined. */
const THREAT_LEVEL: Readonly<Record<Severity, string>> = { critical: '1', high: '1', medium: '2', low: '3', info: '4' };

interface MispAttribute {
  object_relation: string;
  type: string;
  value: string;
  to_ids: boolean;
  category: string;
  uuid: string;
}

function attribute(owner: string, relation: string, type: string, value: string | undefined, toIds = false): MispAttribute[] {
  if (value === undefined || value === '') return [];
  return [{ object_relation: relation, type, value, to_ids: toIds, category: 'Network activity', uuid: uuid5(NAMESPACE, `${owner} ${relation} ${value}`) }];
}

function x509Object(f: Finding): Record<string, unknown> {
  const c = f.cert;
  const owner = f.sha256.toLowerCase();
  return {
    name: 'x509', 'meta-category': 'network', description: 'x509 object describing a X.509 certificate',
    template_uuid: X509_TEMPLATE.uuid, template_version: X509_TEMPLATE.version, uuid: uuid5(NAMESPACE, `x509 ${owner}`),
    comment: describe(f, 5),
    Attribute: [
      ...attribute(owner, 'x509-fingerprint-sha256', 'sha256', owner, true),
      ...attribute(owner, 'x509-fingerprint-sha1', 'sha1', f.facts.sha1.toLowerCase(), true),
      ...attribute(owner, 'subject', 'text', f.facts.subject),
      ...attribute(owner, 'issuer', 'text', f.facts.issuer),
      ...attribute(owner, 'serial-number', 'text', f.facts.serial),
      ...attribute(owner, 'validity-not-before', 'datetime', ecsDate(c.notBefore)),
      ...attribute(owner, 'validity-not-after', 'datetime', ecsDate(c.notAfter)),
      ...attribute(owner, 'version', 'text', c.parsed ? String(c.version) : undefined),
      ...attribute(owner, 'pubkey-info-algorithm', 'text', c.publicKey.type),
      ...attribute(owner, 'pubkey-info-size', 'text', c.publicKey.bits === undefined ? undefined : String(c.publicKey.bits)),
      ...attribute(owner, 'pubkey-info-exponent', 'text', c.publicKey.rsaExponent === undefined ? undefined : String(c.publicKey.rsaExponent)),
      ...attribute(owner, 'raw-base64', 'text', c.der?.toString('base64')),
    ],
  };
}

export interface MispOptions {
  now: Date;
  /** The event's title. */
  info?: string;
}

export function mispEvent(findings: readonly Finding[], opts: MispOptions): Record<string, unknown> {
  const worst = findings.reduce<Severity>((w, f) => (THREAT_LEVEL[f.severity] < THREAT_LEVEL[w] ? f.severity : w), 'info');
  const techniques = new Map(findings.flatMap((f) => f.signals.flatMap((s) => signalTechniques(f, s))).map((t) => [t.id, t]));
  const tools = [...new Set(findings.flatMap((f) => attributionsOf(f).map((a) => a.name)))];
  return {
    Event: {
      uuid: uuid5(NAMESPACE, `event ${opts.now.toISOString()} ${findings.map((f) => f.sha256).join(',')}`),
      info: opts.info ?? `certhound: ${findings.length} attacker-made TLS certificate${findings.length === 1 ? '' : 's'}`,
      date: opts.now.toISOString().slice(0, 10),
      timestamp: String(Math.floor(opts.now.getTime() / 1000)),
      threat_level_id: THREAT_LEVEL[worst],
      analysis: '2',
      distribution: '0',
      published: false,
      Tag: [
        { name: 'tlp:amber' },
        ...[...techniques.values()].map((t) => ({ name: `misp-galaxy:mitre-attack-pattern="${t.parent ? `${t.parent.name}: ` : ''}${t.name} - ${t.id}"` })),
        ...tools.map((t) => ({ name: `certhound:tool="${t}"` })),
      ],
      Object: findings.map(x509Object),
    },
  };
}
