/**
 * Joins ssl.log chains to x509.log lines: `cert_chain_fps`/`client_cert_chain_fps` against x509 `fingerprint`
 * (SHA-256 by default since Zeek 4.1), the older `cert_chain_fuids` against x509 `id`. x509.log is deduplicated
 * (once per certificate per day, `X509::relog_known_certificates_after`), so the index lives across all files of
 * a sweep; it is capped and forgets the least recently used certificate first.
 */
import type { Timestamp } from '../capture/types';
import type { SourceRef } from '../tls/types';
import { MAX_PENDING_SSL, MAX_X509_INDEX } from './consts';
import { LruMap } from './lru-map';
import { sslChains, sslLine, type RefKind } from './ssl-record';
import type { ZeekAnomalySink, ZeekCertBlob, ZeekCertFacts, ZeekFields, ZeekHandshake, ZeekLoneCertificate } from './types';
import { asText, asTimestamp } from './values';
import { rowOf, type ItemVisitor, type ZeekRow } from './zeek-row';
import { certDer, x509Facts, x509Fingerprint } from './x509-record';

export interface ZeekJoinerOptions {
  maxCerts?: number;
  maxPending?: number;
  onAnomaly?: ZeekAnomalySink;
  /** ssl lines stamped before this (epoch seconds) are dropped. */
  since?: number;
  /** ssl lines stamped at or after this (epoch seconds) are not taken: `pastUntil` is set instead. */
  until?: number;
  /** Every x509 line (its certificate's identity, fields and `ts`): what a sweep carries to the next one. */
  onX509?: (identity: string, fields: ZeekFields, ts: number | undefined) => void;
}

/** Where and when an x509 line described a certificate no ssl line has named yet. */
interface Unnamed {
  readonly source: SourceRef;
  readonly ts: Timestamp;
  readonly round: number;
}

/** A chain position whose certificate no x509 line described yet. */
interface Hole {
  readonly chain: ZeekCertBlob[];
  readonly index: number;
  readonly key: string;
}

interface Pending {
  handshake: ZeekHandshake;
  holes: Hole[];
  /** Reference keys still unknown. */
  missing: Set<string>;
  /** The `tick` it began waiting in (a followed log's wait is bounded in ticks). */
  round: number;
}

/** Zeek writes fingerprints in lower case; other writers' upper case is folded on a miss (see lookupRef). */
function refKey(kind: RefKind, ref: string): string {
  return kind === 'sha256' ? ref : 'fuid:' + ref;
}

/** A certificate only named by the ssl line: its digest (SHA-256, or SHA-1 by length) or its file id. */
function unknownBlob(kind: RefKind, ref: string): ZeekCertBlob {
  if (kind === 'fuid') return { sha256: '', sha1: '', fuid: ref };
  const digest = ref.toLowerCase();
  return digest.length === 40 ? { sha256: '', sha1: digest } : { sha256: digest, sha1: '' };
}

export class ZeekJoiner {
  private readonly bySha256: LruMap<ZeekCertBlob>;
  private readonly byFuid: LruMap<ZeekCertBlob>;
  /** The chain being resolved, its kind of reference, and the holes of the current line. */
  private chain: ZeekCertBlob[] = [];
  private refKind: RefKind = 'sha256';
  private holes: Hole[] | undefined;
  private readonly pending = new Map<number, Pending>();
  /** Reference key → ids of pending ssl lines waiting for it. */
  private readonly waiting = new Map<string, Set<number>>();
  private ready: ZeekHandshake[] = [];
  private nextId = 0;
  private readonly maxPending: number;
  /** Certificates of this read's x509 lines that no ssl line named yet, oldest first. */
  private readonly unnamed = new Map<ZeekCertBlob, Unnamed>();
  private lone: ZeekLoneCertificate[] = [];
  private readonly maxCerts: number;
  private round = 0;
  private overflowed = 0;
  private notSha256 = 0;
  /** Set when an ssl line at or after `until` was met (and left out); the reader clears it. */
  pastUntil = false;
  /** ssl lines left out for being before `since`. */
  beforeSince = 0;

  constructor(private readonly opts: ZeekJoinerOptions = {}) {
    this.maxCerts = opts.maxCerts ?? MAX_X509_INDEX;
    this.bySha256 = new LruMap(this.maxCerts);
    this.byFuid = new LruMap(this.maxCerts);
    this.maxPending = opts.maxPending ?? MAX_PENDING_SSL;
  }

  /**
   * Indexes one x509.log line (a repeat of a known certificate only refreshes it). `carried`: a line an earlier
   * sweep read, which is never reported as a lone certificate again.
   */
  addX509(rec: ZeekFields | ZeekRow, src: SourceRef, carried = false): void {
    const fields = rowOf(rec).toFields();
    const logged = x509Fingerprint(fields);
    // another X509::hash_function (SHA-1, MD5): ssl.log names certificates by the same digest, so index by it
    const otherDigest = logged ? undefined : asText(fields.fingerprint)?.toLowerCase();
    const fuid = asText(fields.id);
    const ts = asTimestamp(fields.ts);
    const known = (logged && this.bySha256.get(logged)) || (otherDigest && this.bySha256.get(otherDigest)) || (fuid && this.byFuid.get(fuid)) || undefined;
    if (known && (known.der || asText(fields.cert) === undefined)) {
      this.opts.onX509?.(known.sha256, fields, ts?.sec);
      if (fuid && !this.byFuid.peek(fuid)) this.byFuid.set(fuid, known);
      this.resolve(known, fuid);
      return;
    }
    const der = certDer(fields);
    const facts = x509Facts(fields, der);
    this.opts.onX509?.(facts.sha256, fields, ts?.sec);
    if (der && logged && logged !== facts.sha256) {
      this.report(src, 'fingerprint-mismatch', `cert column hashes to ${facts.sha256}, fingerprint says ${logged}`);
    } else if (!der && otherDigest && this.notSha256++ === 0) {
      this.report(src, 'not-sha256', 'fingerprint is not a SHA-256 (X509::hash_function redefined?): certificates are known by it, labelled, unless a cert column gives the DER');
    }
    const blob: ZeekCertBlob = {
      sha256: facts.sha256,
      sha1: facts.sha1,
      ...(der ? { der } : {}),
      facts,
      ...(fuid ? { fuid } : {}),
    };
    this.bySha256.set(blob.sha256, blob);
    for (const key of [logged, otherDigest]) if (key && key !== blob.sha256) this.bySha256.set(key, blob);
    if (fuid) this.byFuid.set(fuid, blob);
    if (!carried) this.noteUnnamed(blob, src, ts);
    this.resolve(blob, fuid);
    if (otherDigest) this.resolveKey(otherDigest);
  }

  /** The handshake of an ssl.log line, or null while some of its certificates are not known yet (see takeReady/finish). */
  addSsl(rec: ZeekFields | ZeekRow, src: SourceRef): ZeekHandshake | null {
    const row = rowOf(rec);
    const h = sslLine(row, src);
    if (!h) {
      this.report(src, 'malformed-line', 'ssl line without a connection id (id.orig_h/p, id.resp_h/p)');
      return null;
    }
    if (this.opts.since !== undefined || this.opts.until !== undefined) {
      const t = h.ts.sec + h.ts.nsec / 1e9;
      if (this.opts.until !== undefined && t >= this.opts.until) {
        this.pastUntil = true;
        return null;
      }
      if (this.opts.since !== undefined && t < this.opts.since) {
        this.beforeSince++;
        return null;
      }
    }
    sslChains(row, h, this.resolveChain, this.lineCertificate);
    const holes = this.takeHoles();
    if (!holes) return this.complete(h);
    const id = this.nextId++;
    const missing = new Set<string>();
    for (const { key } of holes) {
      missing.add(key);
      const ids = this.waiting.get(key);
      if (ids) ids.add(id);
      else this.waiting.set(key, new Set([id]));
    }
    this.pending.set(id, { handshake: h, holes, missing, round: this.round });
    if (this.pending.size > this.maxPending) this.evictOldest();
    return null;
  }

  hasReady(): boolean {
    return this.ready.length > 0;
  }

  hasLone(): boolean {
    return this.lone.length > 0;
  }

  /** Certificates x509 lines described that no ssl line named: at `finish`, or the oldest once too many wait. */
  takeLone(): ZeekLoneCertificate[] {
    const out = this.lone;
    this.lone = [];
    return out;
  }

  /** Handshakes whose certificates arrived after their ssl line (or that overflowed the wait list). */
  takeReady(): ZeekHandshake[] {
    const out = this.ready;
    this.ready = [];
    return out;
  }

  /**
   * One step of a followed read (`scan --follow` polls): ssl lines that waited `rounds` steps for their x509 lines
   * go out as they are, and x509 lines no ssl line named in that time are lone certificates.
   */
  tick(rounds: number): void {
    this.round++;
    const due = this.round - rounds;
    for (const [id, p] of this.pending) {
      if (p.round > due) break; // insertion order is age
      this.flush(id);
    }
    for (const [blob, u] of this.unnamed) {
      if (u.round > due) break;
      this.goLone(blob);
    }
  }

  /** Everything still waiting, with what is known: unknown certificates keep their reference only. */
  finish(): ZeekHandshake[] {
    for (const id of [...this.pending.keys()]) this.flush(id);
    this.waiting.clear();
    for (const blob of [...this.unnamed.keys()]) this.goLone(blob);
    return this.takeReady();
  }

  /** Log facts of a certificate by SHA-256 (or `fuid:<id>` for older logs). */
  factsFor(sha256: string): ZeekCertFacts | undefined {
    const key = sha256.startsWith('fuid:') ? sha256 : sha256.toLowerCase();
    return this.lookup(key)?.facts;
  }

  private lookup(key: string): ZeekCertBlob | undefined {
    return key.startsWith('fuid:') ? this.byFuid.get(key.slice(5)) : this.bySha256.get(key);
  }

  /** Lookup of an ssl-line reference; an upper-case fingerprint is folded to lower case on a miss. */
  private lookupRef(key: string): ZeekCertBlob | undefined {
    const hit = this.lookup(key);
    if (hit || key.startsWith('fuid:')) return hit;
    const lower = key.toLowerCase();
    return lower === key ? undefined : this.bySha256.get(lower);
  }

  private noteUnnamed(blob: ZeekCertBlob, source: SourceRef, ts: Timestamp | undefined): void {
    this.unnamed.set(blob, { source, ts: ts ?? { sec: 0, nsec: 0 }, round: this.round });
    if (this.unnamed.size > this.maxCerts) this.goLone(this.unnamed.keys().next().value as ZeekCertBlob);
  }

  private goLone(blob: ZeekCertBlob): void {
    const where = this.unnamed.get(blob);
    if (!where) return;
    this.unnamed.delete(blob);
    this.lone.push({ blob, ts: where.ts, source: where.source, role: blob.facts?.clientCert && !blob.facts.hostCert ? 'client' : 'server' });
  }

  private named(blob: ZeekCertBlob): ZeekCertBlob {
    if (this.unnamed.size > 0) this.unnamed.delete(blob);
    return blob;
  }

  private resolve(blob: ZeekCertBlob, fuid: string | undefined): void {
    if (blob.sha256) this.resolveKey(blob.sha256);
    if (fuid) this.resolveKey('fuid:' + fuid);
  }

  /** Pending ssl lines waiting for `key` get it; those with nothing else missing go out. */
  private resolveKey(key: string): void {
    const ids = this.pending.size > 0 ? this.waiting.get(key) : undefined;
    if (!ids) return;
    this.waiting.delete(key);
    for (const id of ids) {
      const p = this.pending.get(id);
      if (!p) continue;
      p.missing.delete(key);
      if (p.missing.size === 0) this.flush(id);
    }
  }

  private evictOldest(): void {
    const oldest = this.pending.keys().next();
    if (oldest.done) return;
    const p = this.pending.get(oldest.value);
    if (p && this.overflowed++ === 0) this.report(p.handshake.source, 'pending-overflow', `more than ${this.maxPending} ssl lines waiting for x509 lines: the oldest go out without them`);
    this.flush(oldest.value);
  }

  private flush(id: number): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    for (const key of p.missing) {
      const ids = this.waiting.get(key);
      ids?.delete(id);
      if (ids && ids.size === 0) this.waiting.delete(key);
    }
    for (const hole of p.holes) {
      const known = this.lookupRef(hole.key);
      if (known) hole.chain[hole.index] = this.named(known);
    }
    this.ready.push(this.complete(p.handshake));
  }

  /**
   * The leaf a Bro 2.1–2.2 ssl line describes: made once per identity (its `cert_hash`, else its columns' text)
   * and kept in the index like an x509 line's.
   */
  private readonly lineCertificate = (fields: ZeekFields): ZeekCertBlob => {
    const hash = asText(fields.fingerprint);
    const key = hash ? `md5:${hash.toLowerCase()}` : `line:${[fields['certificate.subject'], fields['certificate.issuer'], fields['certificate.not_valid_before'], fields['certificate.not_valid_after']].join('\x00')}`;
    const known = this.bySha256.get(key);
    if (known) return known;
    const fromLine = x509Facts(fields);
    const facts = { ...fromLine, unknown: [...fromLine.unknown, 'san' as const] };
    const blob: ZeekCertBlob = { sha256: facts.sha256, sha1: facts.sha1, facts };
    this.bySha256.set(key, blob);
    return blob;
  };

  /** The certificates a chain column names; unknown ones keep only their reference and leave a hole. */
  private readonly resolveChain = (row: ZeekRow, column: number, kind: RefKind): ZeekCertBlob[] => {
    const certs: ZeekCertBlob[] = [];
    this.chain = certs;
    this.refKind = kind;
    row.eachItem(column, this.resolveRef);
    return certs;
  };

  private readonly resolveRef: ItemVisitor = (text, start, end) => {
    const kind = this.refKind;
    const hit = kind === 'sha256' ? this.bySha256.getIn(text, start, end) : this.byFuid.getIn(text, start, end);
    if (hit) {
      this.chain.push(this.named(hit));
      return;
    }
    const ref = text.substring(start, end);
    const key = refKey(kind, ref);
    const known = this.lookupRef(key);
    if (known) {
      this.chain.push(this.named(known));
      return;
    }
    (this.holes ??= []).push({ chain: this.chain, index: this.chain.length, key });
    this.chain.push(unknownBlob(kind, ref));
  };

  /** The holes the line just resolved left (the next line starts with none). */
  private takeHoles(): Hole[] | undefined {
    const holes = this.holes;
    this.holes = undefined;
    return holes;
  }

  private complete(h: ZeekHandshake): ZeekHandshake {
    if (h.serverChain.certs.some((b) => !b.facts) || h.clientChain.certs.some((b) => !b.facts)) h.logAnomalies.push('unknown-certificate');
    return h;
  }

  private report(src: SourceRef, kind: 'malformed-line' | 'fingerprint-mismatch' | 'not-sha256' | 'pending-overflow', message: string): void {
    this.opts.onAnomaly?.({ kind, file: src.file, ...(src.line !== undefined ? { line: src.line } : {}), message });
  }
}
