/**
 * OpenVPN packets (openvpn/src/openvpn/ssl_pkt.h, reliable.c; the protocol as OpenVPN 2.x speaks it): the control
 * channel carries a TLS handshake in P_CONTROL_V1 packets, each numbered by a message packet-id. Over TCP every
 * packet is preceded by its 16-bit length; over UDP a datagram is one packet.
 *
 *   opcode(5 bits) key_id(3 bits) · session_id(8) · [tls-auth: HMAC · packet_id(4) · net_time(4)] ·
 *   ack_count(1) · ack packet-ids(4 each) · [remote session_id(8) when ack_count > 0] · [message packet-id(4)] · payload
 *
 * With tls-crypt the part after the session id is encrypted: no TLS can be read, and none is guessed.
 */

export const OPENVPN_OPCODE = {
  HARD_RESET_CLIENT_V1: 1,
  HARD_RESET_SERVER_V1: 2,
  SOFT_RESET_V1: 3,
  CONTROL_V1: 4,
  ACK_V1: 5,
  DATA_V1: 6,
  HARD_RESET_CLIENT_V2: 7,
  HARD_RESET_SERVER_V2: 8,
  DATA_V2: 9,
  /** tls-crypt-v2: the client's wrapped key follows; the control channel is encrypted. */
  HARD_RESET_CLIENT_V3: 10,
  CONTROL_WKC_V1: 11,
} as const;

const OP = OPENVPN_OPCODE;
const SESSION_ID_BYTES = 8;
/** OpenVPN acknowledges at most this many packet-ids in one packet (RELIABLE_ACK_SIZE). */
const MAX_ACKS = 8;
/**
 * What tls-auth puts between the session id and the ack array: the HMAC (MD5, SHA-1, SHA-224, SHA-256, SHA-384,
 * SHA-512) then the replay packet-id and time. 0: no tls-auth.
 */
export const AUTH_LAYOUTS: readonly number[] = [0, 16 + 8, 20 + 8, 28 + 8, 32 + 8, 48 + 8, 64 + 8];
/** Smallest control packet: opcode, session id, ack count, message packet-id. */
const MIN_CONTROL_BYTES = 1 + SESSION_ID_BYTES + 1 + 4;
/** Largest packet OpenVPN sends (its TCP length field is 16 bits; control packets are about 1250 bytes). */
export const MAX_OPENVPN_PACKET_BYTES = 0xffff;

/** One control-channel packet (not P_DATA), its parts as views. */
export interface OpenVpnControl {
  opcode: number;
  keyId: number;
  sessionId: Buffer;
  acks: number;
  /** First acknowledged packet-id (when `acks` > 0). */
  firstAck: number;
  /** Remote session id (when `acks` > 0). */
  remoteSessionId?: Buffer;
  /** Message packet-id (absent for P_ACK_V1). */
  packetId?: number;
  payload: Buffer;
}

export function opcodeOf(first: number): number {
  return first >> 3;
}

function isControlOpcode(op: number): boolean {
  return op >= OP.HARD_RESET_CLIENT_V1 && op <= OP.CONTROL_WKC_V1 && op !== OP.DATA_V1 && op !== OP.DATA_V2;
}

function isHardReset(op: number): boolean {
  return op === OP.HARD_RESET_CLIENT_V1 || op === OP.HARD_RESET_CLIENT_V2 || op === OP.HARD_RESET_SERVER_V1
    || op === OP.HARD_RESET_SERVER_V2;
}

/** A control packet read with `authBytes` of tls-auth between session id and acks, or null if it does not fit. */
export function parseControl(pkt: Buffer, authBytes: number): OpenVpnControl | null {
  if (pkt.length < MIN_CONTROL_BYTES + authBytes) return null;
  const opcode = opcodeOf(pkt[0]);
  if (!isControlOpcode(opcode)) return null;
  let off = 1 + SESSION_ID_BYTES + authBytes;
  const acks = pkt[off++];
  if (acks > MAX_ACKS) return null;
  let firstAck = 0;
  let remoteSessionId: Buffer | undefined;
  if (acks > 0) {
    if (off + acks * 4 + SESSION_ID_BYTES > pkt.length) return null;
    firstAck = pkt.readUInt32BE(off);
    off += acks * 4;
    remoteSessionId = pkt.subarray(off, off + SESSION_ID_BYTES);
    off += SESSION_ID_BYTES;
  }
  let packetId: number | undefined;
  if (opcode !== OP.ACK_V1) {
    if (off + 4 > pkt.length) return null;
    packetId = pkt.readUInt32BE(off);
    off += 4;
  }
  return {
    opcode, keyId: pkt[0] & 7, sessionId: pkt.subarray(1, 1 + SESSION_ID_BYTES), acks, firstAck, remoteSessionId, packetId,
    payload: pkt.subarray(off),
  };
}

/** A TLS record header starts `b`: handshake, alert or ChangeCipherSpec, SSL 3.0 to TLS 1.3 record version. */
function startsTlsRecord(b: Buffer): boolean {
  return b.length >= 5 && b[0] >= 20 && b[0] <= 22 && b[1] === 3 && b[2] <= 4;
}

/**
 * The tls-auth layout that makes `pkt` a well-formed session start: a hard reset with message packet-id 0 (a
 * server's acknowledging the client's packet-id 0), or a P_CONTROL_V1 / soft reset whose payload starts a TLS record.
 * Null when none does (tls-crypt, or not OpenVPN).
 */
export function detectAuthBytes(pkt: Buffer): number | null {
  const op = opcodeOf(pkt[0]);
  for (const authBytes of AUTH_LAYOUTS) {
    const c = parseControl(pkt, authBytes);
    if (c === null || c.packetId === undefined) continue;
    if (isHardReset(op) && c.packetId === 0 && (c.acks === 0 || c.firstAck === 0)) return authBytes;
    if ((op === OP.CONTROL_V1 && startsTlsRecord(c.payload)) || (op === OP.SOFT_RESET_V1 && c.payload.length === 0)) return authBytes;
  }
  return null;
}

/**
 * Whether a UDP payload is a readable OpenVPN session start: a hard or soft reset, or a P_CONTROL_V1 whose payload
 * starts a TLS record (a capture that began mid-connection), in a layout that reads. (With tls-crypt or
 * tls-crypt-v2 nothing after the session id reads; such a flow has no TLS to see.)
 */
export function looksLikeOpenVpnDatagram(d: Buffer): boolean {
  if (d.length < MIN_CONTROL_BYTES) return false;
  const op = opcodeOf(d[0]);
  return (isHardReset(op) || op === OP.SOFT_RESET_V1 || op === OP.CONTROL_V1) && detectAuthBytes(d) !== null;
}

/** Whether the first bytes of a TCP flow are OpenVPN: a length-prefixed session start (as for a datagram). */
export function looksLikeOpenVpnStream(b: Buffer): boolean {
  if (b.length < 2 + MIN_CONTROL_BYTES) return false;
  const len = b.readUInt16BE(0);
  if (len < MIN_CONTROL_BYTES || len > b.length - 2) return false;
  return looksLikeOpenVpnDatagram(b.subarray(2, 2 + len));
}

/** Largest control packet OpenVPN sends: its TLS payload is cut at tls-mtu (1250 by default, at most 2048). */
const MAX_CONTROL_PACKET_BYTES = 2200;

/**
 * Whether the TLS record at `buf[at]` is the payload of a P_CONTROL_V1 packet over TCP: a length, the opcode and a
 * control header of some tls-auth layout end exactly there. Such bytes are OpenVPN's, met past its session start
 * (a capture that began mid-connection): read as a plain TLS stream they would give certificates that exist nowhere.
 */
export function isInsideOpenVpnControl(buf: Buffer, at: number): boolean {
  for (const authBytes of AUTH_LAYOUTS) {
    for (let acks = 0; acks <= MAX_ACKS; acks++) {
      const header = 2 + 1 + SESSION_ID_BYTES + authBytes + 1 + acks * 4 + (acks > 0 ? SESSION_ID_BYTES : 0) + 4;
      const p = at - header;
      if (p < 0) break;
      if (opcodeOf(buf[p + 2]) !== OP.CONTROL_V1 || buf[p + 2 + 1 + SESSION_ID_BYTES + authBytes] !== acks) continue;
      const len = buf.readUInt16BE(p);
      if (len >= header - 2 + 5 && len <= MAX_CONTROL_PACKET_BYTES) return true;
    }
  }
  return false;
}
