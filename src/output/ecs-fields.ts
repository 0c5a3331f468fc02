/**
 * Every field certhound's NDJSON documents carry, with its Elasticsearch mapping: the one list the shipped index
 * template is built from (`ecs-template.ts`) and the tests hold each document against. ECS fields carry ECS 9.4.0's
 * own mapping (test/output/ecs-fields.test.ts compares each with ECS's `ecs_flat.yml` and component templates);
 * certhound's own fields live under `certhound.*`, one type each in every document (objects whose shape varies,
 * such as a signal's evidence, are `flattened`).
 */

export const ECS_VERSION = '9.4.0';

export type Mapping = Readonly<Record<string, unknown>> & { readonly type: string };

const KEYWORD: Mapping = { type: 'keyword', ignore_above: 1024 };
/** ECS's keyword for lists kept as written in synthetic source (`event.category`, `event.type`, `related.*`). */
const KEYWORD_ORDERED: Mapping = { type: 'keyword', ignore_above: 1024, synthetic_source_keep: 'none' };
const KEYWORD_TEXT: Mapping = { type: 'keyword', ignore_above: 1024, fields: { text: { type: 'match_only_text' } } };
const WILDCARD_TEXT: Mapping = { type: 'wildcard', fields: { text: { type: 'match_only_text' } } };
const TEXT: Mapping = { type: 'match_only_text' };
const DATE: Mapping = { type: 'date' };
const LONG: Mapping = { type: 'long' };
const LONG_STORED: Mapping = { type: 'long', index: false, doc_values: false };
const FLOAT: Mapping = { type: 'float' };
const IP: Mapping = { type: 'ip' };
const BOOLEAN: Mapping = { type: 'boolean' };
const FLATTENED: Mapping = { type: 'flattened' };

type FieldList = Record<string, Mapping>;

function prefixed(prefix: string, fields: FieldList): FieldList {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [`${prefix}.${k}`, v]));
}

const DN_FIELDS: FieldList = {
  distinguished_name: KEYWORD, common_name: KEYWORD, country: KEYWORD, locality: KEYWORD, organization: KEYWORD,
  organizational_unit: KEYWORD, state_or_province: KEYWORD,
};

/** ECS `x509.*` (as under `tls.server.x509`, `tls.client.x509`, `threat.indicator.x509`). */
const ECS_X509: FieldList = {
  alternative_names: KEYWORD, serial_number: KEYWORD, not_before: DATE, not_after: DATE, version_number: KEYWORD,
  public_key_algorithm: KEYWORD, public_key_size: LONG, public_key_curve: KEYWORD, public_key_exponent: LONG_STORED,
  signature_algorithm: KEYWORD, ...prefixed('subject', DN_FIELDS), ...prefixed('issuer', DN_FIELDS),
};

/** ECS `tls.server` / `tls.client` certificate fields. */
const ECS_TLS_SIDE: FieldList = {
  'hash.sha256': KEYWORD, 'hash.sha1': KEYWORD, 'hash.md5': KEYWORD, subject: KEYWORD, issuer: KEYWORD, not_before: DATE, not_after: DATE,
  ...prefixed('x509', ECS_X509),
};

const ATTACK_REF: FieldList = { id: KEYWORD, name: KEYWORD, reference: KEYWORD };
const ATTACK_REF_TEXT: FieldList = { id: KEYWORD, name: KEYWORD_TEXT, reference: KEYWORD };

export const ECS_FIELDS: FieldList = {
  '@timestamp': DATE,
  message: TEXT,
  'ecs.version': KEYWORD,
  ...prefixed('event', {
    kind: KEYWORD, category: KEYWORD_ORDERED, type: KEYWORD_ORDERED, module: KEYWORD, dataset: KEYWORD, id: KEYWORD, action: KEYWORD,
    severity: LONG, risk_score: FLOAT, risk_score_norm: FLOAT, start: DATE, end: DATE,
  }),
  ...prefixed('observer', { name: KEYWORD, type: KEYWORD, product: KEYWORD, vendor: KEYWORD }),
  ...prefixed('related', { hash: KEYWORD_ORDERED, ip: IP, hosts: KEYWORD_ORDERED }),
  ...prefixed('rule', { id: KEYWORD, name: KEYWORD, description: KEYWORD, category: KEYWORD, ruleset: KEYWORD, reference: KEYWORD }),
  'threat.framework': KEYWORD,
  ...prefixed('threat.tactic', ATTACK_REF),
  ...prefixed('threat.technique', ATTACK_REF_TEXT),
  ...prefixed('threat.technique.subtechnique', ATTACK_REF_TEXT),
  ...prefixed('threat.indicator', {
    type: KEYWORD, first_seen: DATE, last_seen: DATE, sightings: LONG, provider: KEYWORD, description: KEYWORD,
    ...prefixed('x509', ECS_X509),
  }),
  ...prefixed('source', { ip: IP, port: LONG }),
  ...prefixed('destination', { ip: IP, port: LONG }),
  ...prefixed('network', { transport: KEYWORD, protocol: KEYWORD, type: KEYWORD, community_id: KEYWORD }),
  ...prefixed('tls', {
    version: KEYWORD, version_protocol: KEYWORD, cipher: KEYWORD, established: BOOLEAN, resumed: BOOLEAN, next_protocol: KEYWORD,
    'client.server_name': KEYWORD, 'client.ja3': KEYWORD, 'server.ja3s': KEYWORD,
    ...prefixed('server', ECS_TLS_SIDE), ...prefixed('client', ECS_TLS_SIDE),
  }),
  'log.file.path': KEYWORD,
  ...prefixed('host', { name: KEYWORD, ip: IP }),
  'user.name': KEYWORD_TEXT,
  ...prefixed('process', {
    executable: KEYWORD_TEXT, command_line: WILDCARD_TEXT, args: KEYWORD, pid: LONG,
    'parent.executable': KEYWORD_TEXT, 'parent.command_line': WILDCARD_TEXT, 'parent.pid': LONG,
  }),
  'registry.path': KEYWORD,
};

/** certhound's record of one certificate beyond ECS's `x509.*`: every SAN kind, JA4X, extensions, key identity. */
const CERTHOUND_X509: FieldList = {
  sha256: KEYWORD, sha1: KEYWORD, spki_sha256: KEYWORD, ja4x: KEYWORD, parsed: BOOLEAN,
  'san.dns': KEYWORD, 'san.ip': KEYWORD, 'san.email': KEYWORD, 'san.uri': KEYWORD, 'san.other': KEYWORD,
  'basic_constraints.ca': BOOLEAN, 'basic_constraints.path_length': LONG, 'basic_constraints.critical': BOOLEAN,
  key_usage: KEYWORD, extended_key_usage: KEYWORD, subject_key_id: KEYWORD, authority_key_id: KEYWORD,
  'aia.ocsp': KEYWORD, 'aia.ca_issuers': KEYWORD, policies: KEYWORD, extension_oids: KEYWORD, unreadable_extensions: KEYWORD,
  self_issued: BOOLEAN, self_signature_valid: BOOLEAN,
};

/** One certificate of a presented chain, in a connection document. */
const CHAIN_ENTRY: FieldList = {
  sha256: KEYWORD, sha1: KEYWORD, subject: KEYWORD, issuer: KEYWORD, serial: KEYWORD, not_before: DATE, not_after: DATE,
  ja4x: KEYWORD, parsed: BOOLEAN,
};

const CHAIN: FieldList = { chain_status: KEYWORD, ...prefixed('chain', CHAIN_ENTRY) };

/** A connection a finding points to: the ids that find its connection document, Zeek's `ssl.log` line or EVE event. */
const CONNECTION_REF: FieldList = {
  timestamp: DATE, community_id: KEYWORD, uid: KEYWORD, flow_id: KEYWORD, server: KEYWORD, client: KEYWORD,
  server_name: KEYWORD, role: KEYWORD, position: LONG, file: KEYWORD, frame: LONG, line: LONG,
};

const SUPPRESSED: FieldList = { reason: TEXT, severity: KEYWORD, score: LONG };

export const CERTHOUND_FIELDS: FieldList = prefixed('certhound', {
  // connection documents
  frame: LONG, line: LONG, uid: KEYWORD, flow_id: KEYWORD, carrier: KEYWORD, ja4: KEYWORD, ja4s: KEYWORD,
  certificate_requested: BOOLEAN, anomalies: KEYWORD,
  ...prefixed('server', CHAIN), ...prefixed('client', CHAIN),
  // finding documents (a streaming run writes a certificate's finding again, same finding_id, when it changes)
  finding_id: KEYWORD, 'identity.kind': KEYWORD, 'identity.value': KEYWORD,
  'changed.severity.from': KEYWORD, 'changed.severity.to': KEYWORD, 'changed.score.from': LONG, 'changed.score.to': LONG,
  'changed.signals_added': KEYWORD, 'changed.signals_removed': KEYWORD,
  severity: KEYWORD, score: LONG, roles: KEYWORD, chain_position: LONG, key: KEYWORD,
  ...prefixed('x509', CERTHOUND_X509),
  ...prefixed('trust', { verdict: KEYWORD, reason: TEXT, anchor: KEYWORD }),
  ...prefixed('sightings', {
    count: LONG, servers: KEYWORD, server_names: KEYWORD, clients: KEYWORD, distinct_servers: LONG,
    distinct_server_names: LONG, first: DATE, last: DATE, sources: KEYWORD,
  }),
  ...prefixed('connections', CONNECTION_REF),
  ...prefixed('signals', {
    id: KEYWORD, severity: KEYWORD, class: KEYWORD, weight: LONG, reason: TEXT, evidence: FLATTENED, technique: KEYWORD,
  }),
  ...prefixed('history', { first_seen_ever: BOOLEAN, first_seen: DATE, server_total: LONG, replaced: LONG }),
  ...prefixed('suppressed', SUPPRESSED),
  ...prefixed('chain', CHAIN_ENTRY),
  // incident documents
  ...prefixed('finding', { severity: KEYWORD, score: LONG }),
  ...prefixed('links', { kind: KEYWORD, evidence: TEXT, basis: KEYWORD, detection: LONG }),
  ...prefixed('detections', {
    timestamp: DATE, host_name: KEYWORD, host_ip: KEYWORD, user: KEYWORD, executable: KEYWORD, command_line: TEXT,
    registry_path: KEYWORD, seed_branch: KEYWORD, severity: KEYWORD, reasons: TEXT, 'suppressed.reason': TEXT,
    'source.file': KEYWORD, 'source.line': LONG, 'source.format': KEYWORD,
  }),
  // host documents
  ...prefixed('seed', {
    _messagetime: DATE, device_hostname: KEYWORD, user_username: KEYWORD, baseImage: KEYWORD, commandLine: TEXT,
    parentBaseImage: KEYWORD, detectionBranch: KEYWORD, targetsRootStore: KEYWORD,
  }),
  tool: KEYWORD, store: KEYWORD, root_store: BOOLEAN, reasons: TEXT,
  ...prefixed('names', {
    subject: KEYWORD, common_name: KEYWORD, dns_names: KEYWORD, files: KEYWORD, thumbprints: KEYWORD, days: LONG,
    key_type: KEYWORD, key_bits: LONG, ip_addresses: KEYWORD, is_ca: BOOLEAN,
  }),
  'source.file': KEYWORD, 'source.line': LONG, 'source.format': KEYWORD,
});

/** Every field a certhound document may carry. */
export const DOCUMENT_FIELDS: FieldList = { ...ECS_FIELDS, ...CERTHOUND_FIELDS };
