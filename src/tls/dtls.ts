import type { Timestamp } from '../capture/types';
import type { Direction, Flow } from '../net/types';

/**
 * The DTLS front end's seam: the tracker hands every UDP payload here. DTLS (RFC 6347 / RFC 9147) is not read
 * yet; when it is, it reassembles handshake fragments by message_seq and feeds a `HandshakeAssembler`.
 * Returns true when the datagram was taken as DTLS.
 */
export function handleDatagram(_flow: Flow, _dir: Direction, _data: Buffer, _ts: Timestamp, _frame: number): boolean {
  return false;
}
