/**
 * One TLS connection as an Elastic Common Schema document (nested objects, ECS 8 field names).
 * ECS has no place for a whole chain's facts, JA4 or the carrying protocol: those go under `certhound.*`.
 * Members left undefined are not written (JSON.stringify leaves them out), so documents stay small and `jq` friendly.
 */
import type { CertBlob, Chain, Handshake } from '../tls/types';
import type { CertFacts } from '../x509/types';
import { cipherName } from '../tls/consts';
import { isoTimestamp } from './time';
import { ecsTlsVersion } from './tls-version';

export type FactsOf = (blob: CertBlob) => CertFacts | undefined;

type Doc = Record<string, unknown>;

/** Per-certificate documents, built once per distinct certificate (facts objects are shared per SHA-256). */
const x509Docs = new WeakMap<CertFacts, Doc>();
const chainDocs = new WeakMap<CertFacts, Doc>();

export function ecsX509(f: CertFacts): Doc {
  let doc = x509Docs.get(f);
  if (!doc) x509Docs.set(f, (doc = buildX509(f)));
  return doc;
}

function buildX509(f: CertFacts): Doc {
  return {
    subject: { distinguished_name: f.subject.rfc4514, common_name: f.subject.commonName ? [f.subject.commonName] : undefined },
    issuer: { distinguished_name: f.issuer.rfc4514, common_name: f.issuer.commonName ? [f.issuer.commonName] : undefined },
    serial_number: f.serial,
    not_before: f.notBefore,
    not_after: f.notAfter,
    version_number: String(f.version),
    alternative_names: f.san.dns.length + f.san.ip.length > 0 ? [...f.san.dns, ...f.san.ip] : undefined,
    public_key_algorithm: f.publicKey.type,
    public_key_size: f.publicKey.bits,
    public_key_curve: f.publicKey.curve,
    public_key_exponent: f.publicKey.rsaExponent,
    signature_algorithm: f.signatureAlgorithm.name,
  };
}

/** Our own per-certificate summary for `certhound.<role>.chain`. */
export function chainEntry(blob: CertBlob, facts: CertFacts | undefined): Doc {
  if (!facts) return buildChainEntry(blob, facts);
  let doc = chainDocs.get(facts);
  if (!doc) chainDocs.set(facts, (doc = buildChainEntry(blob, facts)));
  return doc;
}

function buildChainEntry(blob: CertBlob, facts: CertFacts | undefined): Doc {
  return {
    sha256: blob.sha256,
    sha1: blob.sha1 || undefined,
    subject: facts?.subject.rfc4514,
    issuer: facts?.issuer.rfc4514,
    serial: facts?.serial,
    not_before: facts?.notBefore,
    not_after: facts?.notAfter,
    parsed: facts ? facts.parsed : undefined,
  };
}

/** ECS `tls.server` / `tls.client` leaf fields. */
function ecsLeaf(chain: Chain, factsOf: FactsOf): Doc {
  const leaf = chain.certs[0];
  if (!leaf) return {};
  const f = factsOf(leaf);
  return {
    hash: { sha256: leaf.sha256.toUpperCase(), sha1: leaf.sha1 ? leaf.sha1.toUpperCase() : undefined },
    subject: f?.subject.rfc4514,
    issuer: f?.issuer.rfc4514,
    not_before: f?.notBefore,
    not_after: f?.notAfter,
    x509: f ? ecsX509(f) : undefined,
  };
}

function chainDoc(chain: Chain, factsOf: FactsOf): Doc {
  return { chain_status: chain.status, chain: chain.certs.map((c) => chainEntry(c, factsOf(c))) };
}

export function connectionDocument(h: Handshake, factsOf: FactsOf): Doc {
  const v = ecsTlsVersion(h.version);
  const server = ecsLeaf(h.serverChain, factsOf);
  if (h.ja3s) server.ja3s = h.ja3s.value;
  const client = ecsLeaf(h.clientChain, factsOf);
  if (h.serverName !== undefined) client.server_name = h.serverName;
  if (h.ja3) client.ja3 = h.ja3.value;
  return {
    '@timestamp': isoTimestamp(h.ts),
    event: { kind: 'event', category: ['network'], type: ['connection', 'protocol'], module: 'certhound', dataset: 'certhound.tls' },
    source: { ip: h.client.ip, port: h.client.port },
    destination: { ip: h.server.ip, port: h.server.port },
    network: { transport: h.transport, protocol: v?.protocol ?? (h.transport === 'udp' ? 'dtls' : 'tls') },
    tls: {
      version: v?.version,
      version_protocol: v?.protocol,
      cipher: h.cipherSuite === undefined ? undefined : cipherName(h.cipherSuite),
      established: h.completed,
      resumed: h.resumed,
      next_protocol: h.alpn,
      client,
      server,
    },
    log: { file: { path: h.source.file } },
    certhound: {
      frame: h.source.frame,
      line: h.source.line,
      flow_id: h.source.flow,
      carrier: h.protocol,
      ja4: h.ja4?.value,
      ja4s: h.ja4s?.value,
      certificate_requested: h.certificateRequested,
      anomalies: h.anomalies.length > 0 ? h.anomalies : undefined,
      server: chainDoc(h.serverChain, factsOf),
      client: chainDoc(h.clientChain, factsOf),
    },
  };
}
