/**
 * The control channel of one OpenVPN connection (TCP or UDP) → the TLS bytes of each direction, in message
 * packet-id order: retransmissions dropped, packets out of order held (a few, charged to the held-bytes budget).
 * Data packets, acknowledgements and other key ids (renegotiations) are passed over.
 */
import type { Direction } from '../net/types';
import type { HandshakeAssembler } from './handshake-assembler';
import { GrowingBuffer, type HeldBytes } from './held-bytes';
import { OPENVPN_OPCODE as OP, detectAuthBytes, opcodeOf, parseControl, type OpenVpnControl } from './openvpn';

/** Control packets held out of order per direction; past it the missing ones are taken as lost (a gap). */
const MAX_HELD_CONTROL_PACKETS = 64;
const LENGTH_PREFIX = 2;

/** Where the channel hands what it reads. */
export interface ChannelSink {
  /** TLS bytes of a direction, in order (a view valid during the call). */
  tls(dir: Direction, bytes: Buffer): void;
  /** Control-channel bytes of a direction that will never come. */
  lost(dir: Direction): void;
}

function isReset(op: number): boolean {
  return op === OP.HARD_RESET_CLIENT_V1 || op === OP.HARD_RESET_CLIENT_V2 || op === OP.HARD_RESET_SERVER_V1
    || op === OP.HARD_RESET_SERVER_V2 || op === OP.SOFT_RESET_V1;
}

class ChannelDirection {
  /** A TCP packet cut by a segment end (with its length prefix). */
  readonly partial: GrowingBuffer;
  /** The key id this direction's handshake runs under, once its session start was seen. */
  keyId = -1;
  /** Message packet-id whose payload comes next. */
  nextPid = 0;
  /** Out-of-order payloads by packet-id (copies). */
  readonly held = new Map<number, Buffer>();
  heldBytes = 0;
  stopped = false;

  constructor(held: HeldBytes) {
    this.partial = new GrowingBuffer(held);
  }
}

export class OpenVpnChannel {
  /** Bytes of tls-auth between session id and acks, once a packet showed them. */
  private authBytes = -1;
  private readonly dirs: [ChannelDirection, ChannelDirection];
  /** The control channel cannot be read (tls-crypt): there is no TLS to see. */
  encrypted = false;

  constructor(private readonly asm: HandshakeAssembler, private readonly held: HeldBytes, private readonly sink: ChannelSink) {
    this.dirs = [new ChannelDirection(held), new ChannelDirection(held)];
  }

  get holdsPartial(): boolean {
    return this.dirs.some((d) => d.partial.active || d.held.size > 0);
  }

  /** TCP: bytes of one direction, each packet after its 16-bit length. */
  stream(dir: Direction, data: Buffer): void {
    const d = this.dirs[dir];
    const p = d.partial;
    let off = 0;
    while (off < data.length && !d.stopped) {
      if (p.active) {
        off = p.append(data, off);
        if (off < 0) return this.stop(dir, 'memory-cap');
        if (!p.full) return;
        const len = p.size === LENGTH_PREFIX ? p.bytes.readUInt16BE(0) : -1;
        if (len > 0) {
          p.grow(LENGTH_PREFIX + len);
          continue;
        }
        if (len === 0) {
          p.free();
          continue;
        }
        this.packet(dir, p.bytes.subarray(LENGTH_PREFIX));
        p.free();
        continue;
      }
      const len = data.length - off >= LENGTH_PREFIX ? data.readUInt16BE(off) : -1;
      if (len < 0 || off + LENGTH_PREFIX + len > data.length) {
        p.start(len < 0 ? LENGTH_PREFIX : LENGTH_PREFIX + len);
        if (p.append(data, off) < 0) return this.stop(dir, 'memory-cap');
        return;
      }
      this.packet(dir, data.subarray(off + LENGTH_PREFIX, off + LENGTH_PREFIX + len));
      off += LENGTH_PREFIX + len;
    }
  }

  /** TCP bytes of a direction were lost: its packet framing cannot be found again, so the direction stops. */
  gap(dir: Direction): void {
    if (this.dirs[dir].stopped) return;
    this.asm.anomaly('stream-gap');
    this.dirs[dir].stopped = true;
    this.sink.lost(dir);
    this.freeDirection(this.dirs[dir]);
  }

  /** UDP: one packet. */
  datagram(dir: Direction, data: Buffer): void {
    if (!this.dirs[dir].stopped) this.packet(dir, data);
  }

  free(): void {
    for (const d of this.dirs) {
      d.stopped = true;
      this.freeDirection(d);
    }
  }

  private packet(dir: Direction, pkt: Buffer): void {
    if (pkt.length === 0) return;
    const op = opcodeOf(pkt[0]);
    if (op === OP.DATA_V1 || op === OP.DATA_V2) return;
    if (this.authBytes < 0) {
      const found = detectAuthBytes(pkt);
      if (found === null) {
        // A session start that reads with no layout is encrypted (tls-crypt): nothing will be readable.
        if (isReset(op) || op === OP.HARD_RESET_CLIENT_V3 || op === OP.CONTROL_WKC_V1) this.encrypted = true;
        return;
      }
      this.authBytes = found;
    }
    const c = parseControl(pkt, this.authBytes);
    if (c === null) {
      this.asm.anomaly('bad-record-header');
      return;
    }
    const d = this.dirs[dir];
    if (d.keyId < 0 && !this.startSession(d, c)) return;
    if (c.keyId !== d.keyId || c.opcode !== OP.CONTROL_V1 || c.packetId === undefined) return;
    this.inOrder(dir, d, c.packetId, c.payload);
  }

  /** The first packet of a direction's session: a reset (TLS follows it) or a P_CONTROL_V1 starting a TLS record. */
  private startSession(d: ChannelDirection, c: OpenVpnControl): boolean {
    if (c.packetId === undefined) return false;
    if (isReset(c.opcode)) {
      d.keyId = c.keyId;
      d.nextPid = c.packetId + 1;
      return true;
    }
    if (c.opcode === OP.CONTROL_V1 && c.payload.length >= 5 && c.payload[0] === 22) {
      d.keyId = c.keyId;
      d.nextPid = c.packetId;
      return true;
    }
    return false;
  }

  private inOrder(dir: Direction, d: ChannelDirection, pid: number, payload: Buffer): void {
    if (d.stopped || pid < d.nextPid || d.held.has(pid)) return; // a retransmission
    if (pid > d.nextPid) {
      if (d.held.size >= MAX_HELD_CONTROL_PACKETS) {
        this.skipToHeld(dir, d);
        return this.inOrder(dir, d, pid, payload);
      }
      if (!this.held.take(payload.length)) return this.stop(dir, 'memory-cap');
      d.held.set(pid, Buffer.from(payload));
      d.heldBytes += payload.length;
      return;
    }
    d.nextPid++;
    if (payload.length > 0) this.sink.tls(dir, payload);
    this.drain(dir, d);
  }

  private drain(dir: Direction, d: ChannelDirection): void {
    for (let next = d.held.get(d.nextPid); next !== undefined && !d.stopped; next = d.held.get(d.nextPid)) {
      d.held.delete(d.nextPid);
      d.heldBytes -= next.length;
      this.held.give(next.length);
      d.nextPid++;
      this.sink.tls(dir, next);
    }
  }

  /** Too many packets wait for a missing one: it is taken as lost and reading goes on at the first held. */
  private skipToHeld(dir: Direction, d: ChannelDirection): void {
    d.nextPid = Math.min(...d.held.keys());
    this.sink.lost(dir);
    this.drain(dir, d);
  }

  private stop(dir: Direction, kind: 'memory-cap'): void {
    this.asm.anomaly(kind);
    this.dirs[dir].stopped = true;
    this.freeDirection(this.dirs[dir]);
  }

  private freeDirection(d: ChannelDirection): void {
    d.partial.free();
    this.held.give(d.heldBytes);
    d.held.clear();
    d.heldBytes = 0;
  }
}
