/**
 * One certificate's facts as ECS `x509.*` (with the distinguished names' sub-fields and every SAN kind in
 * `alternative_names`) and as `certhound.x509.*` (what ECS has no field for: SANs by kind, JA4X, extensions, key
 * identity). Both are built once per distinct certificate: facts objects are shared per SHA-256.
 */
import type { CertFacts, DistinguishedName } from '../x509/types';
import { ecsDate, ecsHash } from './ecs-values';

type Doc = Record<string, unknown>;

/** ECS `x509.<subject|issuer>.*` sub-fields by RFC 4514 attribute short name. */
const DN_FIELD: Readonly<Record<string, string>> = {
  CN: 'common_name', C: 'country', L: 'locality', O: 'organization', OU: 'organizational_unit', ST: 'state_or_province',
};

function nonEmpty<T>(values: T[]): T[] | undefined {
  return values.length > 0 ? values : undefined;
}

export function ecsDistinguishedName(dn: DistinguishedName): Doc {
  const doc: Record<string, string[] | string> = {};
  if (dn.rfc4514) doc.distinguished_name = dn.rfc4514;
  for (const a of dn.attributes) {
    const field = DN_FIELD[a.type];
    if (field) ((doc[field] ??= []) as string[]).push(a.value);
  }
  return doc;
}

/** Every subjectAltName, whatever its kind (ECS keeps them in one list). */
export function allSanNames(f: CertFacts): string[] {
  return [...f.san.dns, ...f.san.ip, ...f.san.email, ...f.san.uri, ...(f.san.other ?? [])];
}

const ecsX509Docs = new WeakMap<CertFacts, Doc>();
const ownX509Docs = new WeakMap<CertFacts, Doc>();

export function ecsX509(f: CertFacts): Doc {
  let doc = ecsX509Docs.get(f);
  if (!doc) ecsX509Docs.set(f, (doc = buildEcsX509(f)));
  return doc;
}

function buildEcsX509(f: CertFacts): Doc {
  return {
    subject: ecsDistinguishedName(f.subject),
    issuer: ecsDistinguishedName(f.issuer),
    serial_number: f.serial || undefined,
    not_before: ecsDate(f.notBefore),
    not_after: ecsDate(f.notAfter),
    version_number: f.parsed ? String(f.version) : undefined,
    alternative_names: nonEmpty(allSanNames(f)),
    public_key_algorithm: f.publicKey.type === 'unknown' ? f.publicKey.algorithmOid || undefined : f.publicKey.type,
    public_key_size: f.publicKey.bits,
    public_key_curve: f.publicKey.curve,
    public_key_exponent: f.publicKey.rsaExponent,
    signature_algorithm: f.signatureAlgorithm.name || undefined,
  };
}

/** `certhound.x509`: the facts ECS has no field for. */
export function certhoundX509(f: CertFacts): Doc {
  let doc = ownX509Docs.get(f);
  if (!doc) ownX509Docs.set(f, (doc = buildCerthoundX509(f)));
  return doc;
}

function buildCerthoundX509(f: CertFacts): Doc {
  const bc = f.basicConstraints;
  return {
    sha256: ecsHash(f.sha256),
    sha1: ecsHash(f.sha1),
    spki_sha256: ecsHash(f.spkiSha256),
    ja4x: f.ja4x,
    parsed: f.parsed,
    san: allSanNames(f).length > 0 ? {
      dns: nonEmpty(f.san.dns), ip: nonEmpty(f.san.ip), email: nonEmpty(f.san.email), uri: nonEmpty(f.san.uri),
      other: f.san.other && nonEmpty(f.san.other),
    } : undefined,
    basic_constraints: bc ? { ca: bc.ca, path_length: bc.pathLength, critical: bc.critical } : undefined,
    key_usage: nonEmpty(f.keyUsage),
    extended_key_usage: nonEmpty(f.extendedKeyUsage),
    subject_key_id: ecsHash(f.subjectKeyId),
    authority_key_id: ecsHash(f.authorityKeyId),
    aia: f.aia.ocsp.length + f.aia.caIssuers.length > 0 ? { ocsp: nonEmpty(f.aia.ocsp), ca_issuers: nonEmpty(f.aia.caIssuers) } : undefined,
    policies: nonEmpty(f.policies),
    extension_oids: nonEmpty(f.extensionOids),
    unreadable_extensions: f.unreadableExtensions && nonEmpty(f.unreadableExtensions),
    self_issued: f.selfIssued,
    self_signature_valid: f.selfSignatureValid,
  };
}
