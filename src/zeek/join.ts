/**
 * Joins ssl.log chains to x509.log lines: `cert_chain_fps`/`client_cert_chain_fps` against x509 `fingerprint`
 * (SHA-256 by default since Zeek 4.1), the older `cert_chain_fuids` against x509 `id`. x509.log is deduplicated
 * (once per certificate per day, `X509::relog_known_certificates_after`), so the index lives across all files of
 * a sweep; it is capped and forgets the least recently used certificate first.
 */
import type { SourceRef } from '../tls/types';
import { MAX_PENDING_SSL, MAX_X509_INDEX } from './consts';
import { LruMap } from './lru-map';
import { sslLine, type SslLine } from './ssl-record';
import type { ZeekAnomalySink, ZeekCertBlob, ZeekCertFacts, ZeekFields, ZeekHandshake } from './types';
import { asText } from './values';
import { certDer, x509Facts, x509Fingerprint } from './x509-record';

export interface ZeekJoinerOptions {
  maxCerts?: number;
  maxPending?: number;
  onAnomaly?: ZeekAnomalySink;
}

interface Pending {
  line: SslLine;
  missing: number;
}

function refKey(kind: SslLine['refKind'], ref: string): string {
  return kind === 'sha256' ? ref.toLowerCase() : 'fuid:' + ref;
}

export class ZeekJoiner {
  private readonly bySha256: LruMap<string, ZeekCertBlob>;
  private readonly byFuid: LruMap<string, ZeekCertBlob>;
  private readonly pending = new Map<number, Pending>();
  /** Reference key → ids of pending ssl lines waiting for it. */
  private readonly waiting = new Map<string, number[]>();
  private ready: ZeekHandshake[] = [];
  private nextId = 0;
  private readonly maxPending: number;

  constructor(private readonly opts: ZeekJoinerOptions = {}) {
    this.bySha256 = new LruMap(opts.maxCerts ?? MAX_X509_INDEX);
    this.byFuid = new LruMap(opts.maxCerts ?? MAX_X509_INDEX);
    this.maxPending = opts.maxPending ?? MAX_PENDING_SSL;
  }

  /** Indexes one x509.log line (a repeat of a known certificate only refreshes it). */
  addX509(fields: ZeekFields, src: SourceRef): void {
    const der = certDer(fields);
    const logged = x509Fingerprint(fields);
    const fuid = asText(fields.id);
    const known = (logged && this.bySha256.get(logged)) || (fuid && this.byFuid.get(fuid)) || undefined;
    if (known && (known.der || !der)) {
      if (fuid && !this.byFuid.peek(fuid)) this.byFuid.set(fuid, known);
      this.resolve(known, fuid);
      return;
    }
    const facts = x509Facts(fields, der);
    if (der && logged && logged !== facts.sha256) {
      this.report(src, 'fingerprint-mismatch', `cert column hashes to ${facts.sha256}, fingerprint says ${logged}`);
    } else if (!der && !logged && asText(fields.fingerprint)) {
      this.report(src, 'not-sha256', 'fingerprint is not a SHA-256 (X509::hash_function redefined?): certificate kept by file id only');
    }
    const blob: ZeekCertBlob = {
      sha256: facts.sha256,
      sha1: facts.sha1,
      ...(der ? { der } : {}),
      facts,
      ...(fuid ? { fuid } : {}),
    };
    if (blob.sha256) this.bySha256.set(blob.sha256, blob);
    if (logged && logged !== blob.sha256) this.bySha256.set(logged, blob);
    if (fuid) this.byFuid.set(fuid, blob);
    this.resolve(blob, fuid);
  }

  /** The handshake of an ssl.log line, or null while some of its certificates are not known yet (see takeReady/finish). */
  addSsl(fields: ZeekFields, src: SourceRef): ZeekHandshake | null {
    const line = sslLine(fields, src);
    if (!line) {
      this.report(src, 'malformed-line', 'ssl line without a connection id (id.orig_h/p, id.resp_h/p)');
      return null;
    }
    let missing = 0;
    const id = this.nextId++;
    for (const ref of [...line.serverRefs, ...line.clientRefs]) {
      const key = refKey(line.refKind, ref);
      if (this.lookup(key)) continue;
      missing++;
      const list = this.waiting.get(key);
      if (list) list.push(id);
      else this.waiting.set(key, [id]);
    }
    if (missing === 0) return this.complete(line);
    this.pending.set(id, { line, missing });
    if (this.pending.size > this.maxPending) this.evictOldest();
    return null;
  }

  /** Handshakes whose certificates arrived after their ssl line (or that overflowed the wait list). */
  takeReady(): ZeekHandshake[] {
    const out = this.ready;
    this.ready = [];
    return out;
  }

  /** Everything still waiting, with what is known: unknown certificates keep their reference only. */
  finish(): ZeekHandshake[] {
    for (const id of [...this.pending.keys()]) this.flush(id);
    this.waiting.clear();
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

  private resolve(blob: ZeekCertBlob, fuid: string | undefined): void {
    if (this.pending.size === 0) return;
    for (const key of [blob.sha256, fuid ? 'fuid:' + fuid : '']) {
      const ids = key ? this.waiting.get(key) : undefined;
      if (!ids) continue;
      this.waiting.delete(key);
      for (const id of ids) {
        const p = this.pending.get(id);
        if (p && --p.missing <= 0) this.flush(id);
      }
    }
  }

  private evictOldest(): void {
    const oldest = this.pending.keys().next();
    if (oldest.done) return;
    const p = this.pending.get(oldest.value);
    if (p) this.report(p.line.handshake.source, 'pending-overflow', `more than ${this.maxPending} ssl lines waiting for x509 lines`);
    this.flush(oldest.value);
  }

  private flush(id: number): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    this.ready.push(this.complete(p.line));
  }

  private complete(line: SslLine): ZeekHandshake {
    const h = line.handshake;
    let unknown = false;
    const blobs = (refs: string[]): ZeekCertBlob[] =>
      refs.map((ref) => {
        const known = this.lookup(refKey(line.refKind, ref));
        if (known) return known;
        unknown = true;
        return line.refKind === 'sha256' ? { sha256: ref.toLowerCase(), sha1: '' } : { sha256: '', sha1: '', fuid: ref };
      });
    h.serverChain.certs = blobs(line.serverRefs);
    h.clientChain.certs = blobs(line.clientRefs);
    if (unknown) h.logAnomalies.push('unknown-certificate');
    return h;
  }

  private report(src: SourceRef, kind: 'malformed-line' | 'fingerprint-mismatch' | 'not-sha256' | 'pending-overflow', message: string): void {
    this.opts.onAnomaly?.({ kind, file: src.file, ...(src.line !== undefined ? { line: src.line } : {}), message });
  }
}
