import type { Direction } from '../net/types';
import { CONTENT_TYPE, MAX_DTLS_DATAGRAMS_BEFORE_HELLO } from './consts';
import { DtlsMessageReassembler } from './dtls-message-reassembler';
import { isDtlsCiphertextHeader, looksLikeDtls, parseDtlsFragment, parseDtlsRecord, type DtlsRecord } from './dtls-record';
import type { HandshakeAssembler } from './handshake-assembler';
import type { HeldBytes } from './held-bytes';
import type { CarrierProtocol } from './types';

export { looksLikeDtls } from './dtls-record';

/** RFC 5415 §5.1 / §4.2: a CAPWAP preamble of type 1 (a DTLS header follows), then 3 reserved bytes. */
const CAPWAP_DTLS_PREAMBLE = 0x01;
const CAPWAP_DTLS_HEADER_BYTES = 4;

/** Whether a UDP payload is DTLS after CAPWAP's 4-byte DTLS header (control and data channels, UDP 5246/5247). */
export function looksLikeCapwapDtls(data: Buffer): boolean {
  return data.length > CAPWAP_DTLS_HEADER_BYTES && data[0] === CAPWAP_DTLS_PREAMBLE && data[1] === 0 && data[2] === 0
    && data[3] === 0 && looksLikeDtls(data.subarray(CAPWAP_DTLS_HEADER_BYTES));
}

/**
 * One DTLS association over a UDP flow (RFC 6347 DTLS 1.0/1.2, RFC 9147 DTLS 1.3 up to its ServerHello):
 * reads the records of each datagram, rejoins epoch-0 handshake fragments per direction and feeds the
 * connection's assembler. Datagrams that are not DTLS (STUN, TURN, RTP sharing the port, RFC 7983) are skipped.
 */
export class DtlsFlow {
  /** Emitted or given up: later datagrams of the flow are ignored. */
  over = false;
  private readonly messages: [DtlsMessageReassembler, DtlsMessageReassembler];
  /** Some datagram of the flow held a well-formed DTLS record. */
  private sawRecord = false;

  /**
   * `datagrams`: how many datagrams of the flow came before this one was found to be DTLS. `capwap`: each DTLS
   * datagram follows CAPWAP's DTLS header (plaintext CAPWAP messages beside them are passed over).
   */
  constructor(readonly asm: HandshakeAssembler, held: HeldBytes, private datagrams = 0, private readonly capwap = false) {
    this.messages = [new DtlsMessageReassembler(0, asm, held), new DtlsMessageReassembler(1, asm, held)];
  }

  /** Gives back what the half-received messages hold (the association is over). */
  free(): void {
    this.messages[0].free();
    this.messages[1].free();
  }

  /** No hello in the first MAX_DTLS_DATAGRAMS_BEFORE_HELLO datagrams: not a DTLS handshake we can see. */
  get gaveUp(): boolean {
    return !this.asm.sawHello && this.datagrams >= MAX_DTLS_DATAGRAMS_BEFORE_HELLO;
  }

  get holdsPartial(): boolean {
    return this.messages[0].holdsPartial || this.messages[1].holdsPartial;
  }

  /** DTLS has no plaintext preamble: the carrier is DTLS whatever the port (or CAPWAP's DTLS). */
  carrier(_serverPort: number): CarrierProtocol {
    return this.capwap ? 'capwap' : 'dtls';
  }

  /** One UDP payload (a view valid during the call); counted, and skipped when it is not DTLS. */
  datagram(dir: Direction, payload: Buffer): void {
    this.datagrams++;
    if (this.capwap && !looksLikeCapwapDtls(payload)) return;
    const data = this.capwap ? payload.subarray(CAPWAP_DTLS_HEADER_BYTES) : payload;
    if (!looksLikeDtls(data)) return;
    let off = 0;
    while (off < data.length) {
      // A DTLS 1.3 unified header may omit its length and carries an unknown-length connection id: the rest
      // of the datagram is encrypted and cannot be walked.
      if (isDtlsCiphertextHeader(data[off])) return;
      const res = parseDtlsRecord(data, off);
      if (!res.ok) {
        if (this.sawRecord || off > 0) this.asm.anomaly('need' in res ? 'bad-record-length' : 'bad-record-header');
        return;
      }
      this.sawRecord = true;
      off = res.next;
      this.onRecord(dir, res.value);
    }
  }

  private onRecord(dir: Direction, rec: DtlsRecord): void {
    switch (rec.contentType) {
      case CONTENT_TYPE.HANDSHAKE:
        // Epoch > 0 carries the encrypted Finished (and renegotiation): nothing to read.
        if (rec.epoch === 0) this.onHandshakeRecord(dir, rec);
        return;
      case CONTENT_TYPE.CHANGE_CIPHER_SPEC:
        this.asm.changeCipherSpec(dir);
        return;
      case CONTENT_TYPE.ALERT: {
        // RFC 5246 §7.2: level 2 is fatal; description 0 is close_notify. Later epochs are encrypted.
        const f = rec.fragment;
        if (rec.epoch === 0 && f.length >= 2 && (f[0] === 2 || f[1] === 0)) this.asm.alert();
        return;
      }
      default:
        return;
    }
  }

  private onHandshakeRecord(dir: Direction, rec: DtlsRecord): void {
    const buf = rec.fragment;
    let off = 0;
    while (off < buf.length) {
      const res = parseDtlsFragment(buf, off);
      if (!res.ok) {
        this.asm.anomaly('bad-handshake-length');
        return;
      }
      off = res.next;
      this.messages[dir].feed(res.value, rec.version);
    }
  }
}
