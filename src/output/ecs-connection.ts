/**
 * One TLS connection as an Elastic Common Schema document. The leaf of each side's chain goes to `tls.server` /
 * `tls.client` (hash, names, validity, `x509.*`), as ECS defines those fields; every certificate of both chains,
 * with its JA4X, goes to `certhound.<side>.chain`. JA4, JA4S and the carrying protocol have no ECS field and live
 * under `certhound.*`. Members left undefined are not written (JSON.stringify leaves them out).
 */
import type { CertBlob, Chain, Handshake } from '../tls/types';
import type { CertFacts } from '../x509/types';
import { cipherName } from '../tls/consts';
import { isoTimestamp } from './time';
import { ecsTlsVersion } from './tls-version';
import { ecsX509 } from './ecs-x509';
import { ecsDate, ecsHash, distinctValues } from './ecs-values';
import { ecsBase, ecsIp, networkType, type EcsOptions } from './ecs-common';
import { connectionCommunityId } from './community-id';

export type FactsOf = (blob: CertBlob) => CertFacts | undefined;

type Doc = Record<string, unknown>;

/** Chain entries, built once per distinct certificate (facts objects are shared per SHA-256). */
const chainDocs = new WeakMap<CertFacts, Doc>();

/** One certificate of a presented chain for `certhound.<side>.chain`. */
export function chainEntry(blob: CertBlob, facts: CertFacts | undefined): Doc {
  if (!facts) return buildChainEntry(blob, facts);
  let doc = chainDocs.get(facts);
  if (!doc) chainDocs.set(facts, (doc = buildChainEntry(blob, facts)));
  return doc;
}

function buildChainEntry(blob: CertBlob, facts: CertFacts | undefined): Doc {
  return {
    sha256: ecsHash(blob.sha256 || facts?.sha256),
    sha1: ecsHash(blob.sha1 || facts?.sha1 || undefined),
    subject: facts?.subject.rfc4514,
    issuer: facts?.issuer.rfc4514,
    serial: facts?.serial || undefined,
    not_before: ecsDate(facts?.notBefore),
    not_after: ecsDate(facts?.notAfter),
    ja4x: facts?.ja4x,
    parsed: facts?.parsed,
  };
}

/** ECS `tls.server` / `tls.client` leaf fields of a certificate, built once per distinct certificate. */
const leafDocs = new WeakMap<CertFacts, Doc>();

function leafFields(blob: CertBlob, f: CertFacts | undefined): Doc {
  return {
    hash: { sha256: ecsHash(blob.sha256 || f?.sha256), sha1: ecsHash(blob.sha1 || f?.sha1 || undefined) },
    subject: f?.subject.rfc4514,
    issuer: f?.issuer.rfc4514,
    not_before: ecsDate(f?.notBefore),
    not_after: ecsDate(f?.notAfter),
    x509: f ? ecsX509(f) : undefined,
  };
}

/** The leaf's fields, as a fresh object the caller may add to (`ja3s`, `server_name`). */
function ecsLeaf(chain: Chain, factsOf: FactsOf): Doc {
  const leaf = chain.certs[0];
  if (!leaf) return {};
  const f = factsOf(leaf);
  if (!f) return leafFields(leaf, f);
  let doc = leafDocs.get(f);
  if (!doc) leafDocs.set(f, (doc = leafFields(leaf, f)));
  return { ...doc };
}

/** Both hashes of every certificate of both chains, from their entries (upper case, built once per certificate). */
function chainHashes(entries: readonly Doc[]): string[] | undefined {
  const out: string[] = [];
  for (const e of entries as Array<{ sha256?: string; sha1?: string }>) {
    if (e.sha256 && !out.includes(e.sha256)) out.push(e.sha256);
    if (e.sha1 && !out.includes(e.sha1)) out.push(e.sha1);
  }
  return out.length > 0 ? out : undefined;
}

export function connectionDocument(h: Handshake, factsOf: FactsOf, opts: EcsOptions = {}): Doc {
  const v = ecsTlsVersion(h.version);
  const serverEntries = h.serverChain.certs.map((c) => chainEntry(c, factsOf(c)));
  const clientEntries = h.clientChain.certs.map((c) => chainEntry(c, factsOf(c)));
  const server = ecsLeaf(h.serverChain, factsOf);
  if (h.ja3s) server.ja3s = h.ja3s.value;
  const client = ecsLeaf(h.clientChain, factsOf);
  if (h.serverName !== undefined) client.server_name = h.serverName;
  if (h.ja3) client.ja3 = h.ja3.value;
  const sourceIp = ecsIp(h.client.ip);
  const destinationIp = ecsIp(h.server.ip);
  return {
    '@timestamp': isoTimestamp(h.ts),
    ...ecsBase(opts),
    event: {
      kind: 'event', category: ['network'], type: ['connection', 'protocol'], module: 'certhound', dataset: 'certhound.tls',
      id: h.uid ?? h.flowId,
    },
    source: { ip: sourceIp, port: h.client.port },
    destination: { ip: destinationIp, port: h.server.port },
    network: {
      transport: h.transport,
      protocol: v?.protocol ?? (h.transport === 'udp' ? 'dtls' : 'tls'),
      type: destinationIp ? networkType(destinationIp) : undefined,
      community_id: sourceIp && destinationIp ? connectionCommunityId(h.transport, h.client, h.server) : undefined,
    },
    related: {
      ip: distinctValues([sourceIp, destinationIp]),
      hosts: h.serverName ? [h.serverName] : undefined,
      hash: chainHashes(clientEntries.length > 0 ? [...serverEntries, ...clientEntries] : serverEntries),
    },
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
      uid: h.uid,
      flow_id: h.flowId,
      carrier: h.protocol,
      ja4: h.ja4?.value,
      ja4s: h.ja4s?.value,
      certificate_requested: h.certificateRequested,
      anomalies: h.anomalies.length > 0 ? h.anomalies : undefined,
      server: { chain_status: h.serverChain.status, chain: serverEntries.length > 0 ? serverEntries : undefined },
      client: { chain_status: h.clientChain.status, chain: clientEntries.length > 0 ? clientEntries : undefined },
    },
  };
}

/** A connection as one NDJSON line (the CLI's connection renderer: capture workers load it by this name). */
export function connectionNdjson(h: Handshake, factsOf: FactsOf, opts: EcsOptions = {}): string {
  return JSON.stringify(connectionDocument(h, factsOf, opts));
}
