/**
 * One TLS connection as an Elastic Common Schema document. The leaf of each side's chain goes to `tls.server` /
 * `tls.client` (hash, names, validity, `x509.*`), as ECS defines those fields; every certificate of both chains,
 * with its JA4X, goes to `certhound.<side>.chain`. JA4, JA4S and the carrying protocol have no ECS field and live
 * under `certhound.*`. Members left undefined are not written (JSON.stringify leaves them out).
 *
 * A capture writes a line per connection, and most of a line is the same certificates again: each certificate's
 * parts (its leaf fields with `x509`, its chain entry) are built and serialised once, and a line is pasted from
 * those texts and the connection's own members (`connectionNdjson`), the same bytes as stringifying the document.
 */
import type { CertBlob, Chain, ChainStatus, Handshake } from '../tls/types';
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

/** A part of the document a certificate writes alike in every connection: built once, serialised when first written. */
interface CertPart {
  readonly doc: Doc;
  json?: string;
}

function partJson(part: CertPart): string {
  return (part.json ??= JSON.stringify(part.doc));
}

/** Parts by facts object: facts are shared per SHA-256, so these live as long as the facts cache keeps them. */
function certPart(parts: WeakMap<CertFacts, CertPart>, build: (blob: CertBlob, facts: CertFacts | undefined) => Doc, blob: CertBlob, facts: CertFacts | undefined): CertPart {
  if (!facts) return { doc: build(blob, facts) };
  let part = parts.get(facts);
  if (!part) parts.set(facts, (part = { doc: build(blob, facts) }));
  return part;
}

const chainParts = new WeakMap<CertFacts, CertPart>();
const leafParts = new WeakMap<CertFacts, CertPart>();

/** One certificate of a presented chain for `certhound.<side>.chain`. */
export function chainEntry(blob: CertBlob, facts: CertFacts | undefined): Doc {
  return certPart(chainParts, buildChainEntry, blob, facts).doc;
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

/** ECS `tls.server` / `tls.client` fields of a leaf certificate. */
function buildLeafFields(blob: CertBlob, f: CertFacts | undefined): Doc {
  return {
    hash: { sha256: ecsHash(blob.sha256 || f?.sha256), sha1: ecsHash(blob.sha1 || f?.sha1 || undefined) },
    subject: f?.subject.rfc4514,
    issuer: f?.issuer.rfc4514,
    not_before: ecsDate(f?.notBefore),
    not_after: ecsDate(f?.notAfter),
    x509: f ? ecsX509(f) : undefined,
  };
}

/** One side of the connection: its leaf's fields, its chain's entries, and what this connection adds to the leaf's. */
interface Side {
  readonly leaf: CertPart | undefined;
  /** Members of `tls.<side>` after the leaf's fields (`server_name`, `ja3`, `ja3s`). */
  readonly own: Doc;
  readonly status: ChainStatus;
  readonly entries: CertPart[];
}

function side(chain: Chain, factsOf: FactsOf, own: Doc): Side {
  const entries: CertPart[] = [];
  let leaf: CertPart | undefined;
  for (const blob of chain.certs) {
    const facts = factsOf(blob);
    if (!leaf) leaf = certPart(leafParts, buildLeafFields, blob, facts);
    entries.push(certPart(chainParts, buildChainEntry, blob, facts));
  }
  return { leaf, own, status: chain.status, entries };
}

/** Both hashes of every certificate of both chains, from their entries (upper case, built once per certificate). */
function chainHashes(server: readonly CertPart[], client: readonly CertPart[]): string[] | undefined {
  const out: string[] = [];
  for (const entries of [server, client]) {
    for (const { doc } of entries as ReadonlyArray<{ doc: { sha256?: string; sha1?: string } }>) {
      if (doc.sha256 && !out.includes(doc.sha256)) out.push(doc.sha256);
      if (doc.sha1 && !out.includes(doc.sha1)) out.push(doc.sha1);
    }
  }
  return out.length > 0 ? out : undefined;
}

/**
 * A connection's document in writing order, cut where the certificates' parts go: `head` (`@timestamp` …
 * `related`), `tls` then `tls.client` and `tls.server`, `log`, `certhound` then `certhound.server` and
 * `certhound.client` (each `chain_status`, then `chain`).
 */
interface Sections {
  readonly head: Doc;
  readonly tls: Doc;
  readonly client: Side;
  readonly server: Side;
  readonly log: { file: { path: string } };
  readonly certhound: Doc;
}

const EVENT_CATEGORY: readonly string[] = Object.freeze(['network']);
const EVENT_TYPE: readonly string[] = Object.freeze(['connection', 'protocol']);

function sections(h: Handshake, factsOf: FactsOf, opts: EcsOptions): Sections {
  const v = ecsTlsVersion(h.version);
  const server = side(h.serverChain, factsOf, { ja3s: h.ja3s?.value });
  const client = side(h.clientChain, factsOf, { server_name: h.serverName, ja3: h.ja3?.value });
  const sourceIp = ecsIp(h.client.ip);
  const destinationIp = ecsIp(h.server.ip);
  return {
    head: {
      '@timestamp': isoTimestamp(h.ts),
      ...ecsBase(opts),
      event: {
        kind: 'event', category: EVENT_CATEGORY, type: EVENT_TYPE, module: 'certhound', dataset: 'certhound.tls',
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
        hash: chainHashes(server.entries, client.entries),
      },
    },
    tls: {
      version: v?.version,
      version_protocol: v?.protocol,
      cipher: h.cipherSuite === undefined ? undefined : cipherName(h.cipherSuite),
      established: h.completed,
      resumed: h.resumed,
      next_protocol: h.alpn,
    },
    client,
    server,
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
    },
  };
}

function leafDoc(s: Side): Doc {
  return { ...s.leaf?.doc, ...s.own };
}

function chainDoc(s: Side): Doc {
  return { chain_status: s.status, chain: s.entries.length > 0 ? s.entries.map((e) => e.doc) : undefined };
}

export function connectionDocument(h: Handshake, factsOf: FactsOf, opts: EcsOptions = {}): Doc {
  const s = sections(h, factsOf, opts);
  return {
    ...s.head,
    tls: { ...s.tls, client: leafDoc(s.client), server: leafDoc(s.server) },
    log: s.log,
    certhound: { ...s.certhound, server: chainDoc(s.server), client: chainDoc(s.client) },
  };
}

/** `object`'s JSON text with `members` (`"key":value,…` text, maybe empty) added at its end. */
function withMembers(object: string, members: string): string {
  if (members === '') return object;
  return object === '{}' ? `{${members}}` : `${object.slice(0, -1)},${members}}`;
}

function leafJson(s: Side): string {
  const own = JSON.stringify(s.own);
  return s.leaf ? withMembers(partJson(s.leaf), own.slice(1, -1)) : own;
}

/** `{"chain_status":…}` by status: four texts written on every line. */
const statusJson = new Map<ChainStatus, string>();

function chainJson(s: Side): string {
  let status = statusJson.get(s.status);
  if (status === undefined) statusJson.set(s.status, (status = JSON.stringify(chainDoc({ ...s, entries: [] }))));
  return s.entries.length > 0 ? withMembers(status, `"chain":[${s.entries.map(partJson).join(',')}]`) : status;
}

/** The `log` section of the last file: a run writes many lines from each. */
const lastLog = { path: '', json: '' };

function logJson(log: Sections['log']): string {
  if (log.file.path !== lastLog.path || lastLog.json === '') Object.assign(lastLog, { path: log.file.path, json: JSON.stringify(log) });
  return lastLog.json;
}

/**
 * A connection as one NDJSON line (the CLI's connection renderer: capture workers load it by this name): the bytes
 * of `JSON.stringify(connectionDocument(…))`, pasted from the certificates' serialised parts.
 */
export function connectionNdjson(h: Handshake, factsOf: FactsOf, opts: EcsOptions = {}): string {
  const s = sections(h, factsOf, opts);
  const tls = withMembers(JSON.stringify(s.tls), `"client":${leafJson(s.client)},"server":${leafJson(s.server)}`);
  const certhound = withMembers(JSON.stringify(s.certhound), `"server":${chainJson(s.server)},"client":${chainJson(s.client)}`);
  return withMembers(JSON.stringify(s.head), `"tls":${tls},"log":${logJson(s.log)},"certhound":${certhound}`);
}
