/**
 * A handshake as a capture worker posts it to the main thread: everything the stages after tls read (the parsed
 * hellos stay behind; the fingerprints made from them travel), each certificate by its digests, its DER (base64)
 * sent only the first time. Sender and receiver remember the same bounded list of certificates sent, in the same
 * order, so the receiver always holds what the sender leaves out. Plain JSON: a batch travels as one string, which
 * postMessage copies at memory speed (structuredClone of the objects cost more than reading the packets).
 */
import type { CertBlob, Chain, Handshake } from '../../tls/types';

/** Certificates a worker remembers having sent (per worker; both sides drop the oldest past it). */
export const MAX_CERTS_SENT = 8192;

export interface WireCert {
  readonly sha256: string;
  readonly sha1: string;
  /** The DER in base64, the first time. */
  readonly der?: string;
}

export interface WireChain {
  readonly status: Chain['status'];
  readonly certs: WireCert[];
}

export type WireHandshake = Omit<Handshake, 'clientHello' | 'serverHello' | 'serverChain' | 'clientChain'> & {
  serverChain: WireChain;
  clientChain: WireChain;
};

/** A first-in, first-out set of certificate digests, bounded. */
class SentList<T> {
  private readonly byDigest = new Map<string, T>();

  get(sha256: string): T | undefined {
    return this.byDigest.get(sha256);
  }

  add(sha256: string, value: T): void {
    this.byDigest.set(sha256, value);
    if (this.byDigest.size > MAX_CERTS_SENT) this.byDigest.delete(this.byDigest.keys().next().value as string);
  }
}

/** The worker's side. */
export class HandshakeEncoder {
  private readonly sent = new SentList<true>();

  private cert(blob: CertBlob): WireCert {
    if (this.sent.get(blob.sha256) || !blob.der) return { sha256: blob.sha256, sha1: blob.sha1 };
    this.sent.add(blob.sha256, true);
    return { sha256: blob.sha256, sha1: blob.sha1, der: blob.der.toString('base64') };
  }

  private chain(c: Chain): WireChain {
    return { status: c.status, certs: c.certs.map((b) => this.cert(b)) };
  }

  encode(h: Handshake): WireHandshake {
    const { clientHello: _clientHello, serverHello: _serverHello, serverChain, clientChain, ...rest } = h;
    return { ...rest, serverChain: this.chain(serverChain), clientChain: this.chain(clientChain) };
  }
}

/** The main thread's side, one per worker. */
export class HandshakeDecoder {
  private readonly blobs = new SentList<CertBlob>();

  private cert(c: WireCert): CertBlob {
    if (c.der) {
      const blob: CertBlob = { sha256: c.sha256, sha1: c.sha1, der: Buffer.from(c.der, 'base64') };
      this.blobs.add(c.sha256, blob);
      return blob;
    }
    // Sent without DER: this side kept it (the same list, dropped in the same order), or it never had bytes.
    return this.blobs.get(c.sha256) ?? { sha256: c.sha256, sha1: c.sha1 };
  }

  private chain(c: WireChain): Chain {
    return { status: c.status, certs: c.certs.map((w) => this.cert(w)) };
  }

  decode(w: WireHandshake): Handshake {
    return { ...w, serverChain: this.chain(w.serverChain), clientChain: this.chain(w.clientChain) };
  }
}
