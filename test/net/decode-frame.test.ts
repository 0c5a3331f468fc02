import { decodeFrame, DecodedPacket, type DecodeResult } from '../../src/net/decode-frame';
import { ipText } from '../../src/net/ip-text';
import { LINKTYPE } from '../helpers/pcap-writer';
import { ethernet, ipv4, ipv6, tcp, tcpPacket, TCP_FLAGS, udp, udpPacket } from '../helpers/frames';
import {
  erspan2, erspan3, gre, geneve, geneveOption, gtpU, ipv4WithOptions, ipv6FragmentHeader, ipv6Option, mpls, nullFrame, pppoeSession,
  sll, sll2, taggedEthernet, vxlan,
} from '../helpers/net-frames';

const C4 = { ip: '10.0.0.1', port: 40000 };
const S4 = { ip: '192.0.2.10', port: 443 };
const C6 = { ip: '2001:db8::1', port: 40001 };
const S6 = { ip: '2001:db8:0:1::443', port: 8443 };
const HELLO = Buffer.from('hello');

/**
 * The frame with bytes on both sides, as it sits in a capture reader's buffer among other records: filler that reads
 * as more headers (0x45: an IPv4 start, 0xff: long lengths) so a read past the frame's end would change the result.
 */
function embedded(frame: Buffer, fill: number): { buf: Buffer; off: number; end: number } {
  const buf = Buffer.alloc(frame.length + 128, fill);
  frame.copy(buf, 64);
  return { buf, off: 64, end: 64 + frame.length };
}

/** decodeFrame of a frame alone, after checking that it decodes the same inside a larger buffer. */
function decodeAlone(linkType: number, frame: Buffer, out: DecodedPacket, origLen?: number): DecodeResult {
  for (const fill of [0x45, 0xff]) {
    const { buf, off, end } = embedded(frame, fill);
    const inner = new DecodedPacket();
    const got = decodeFrame(linkType, buf, off, end, inner, origLen);
    const want = decodeFrame(linkType, frame, 0, frame.length, out, origLen);
    expect([got, inner.proto, inner.srcPort, inner.dstPort, inner.payloadLen, inner.payloadWireLen, inner.payloadBuf === buf ? inner.payloadOff - off : inner.payloadOff])
      .toEqual([want, out.proto, out.srcPort, out.dstPort, out.payloadLen, out.payloadWireLen, out.payloadOff]);
  }
  return decodeFrame(linkType, frame, 0, frame.length, out, origLen);
}

function decode(linkType: number, frame: Buffer, origLen?: number) {
  const out = new DecodedPacket();
  const result = decodeAlone(linkType, frame, out, origLen);
  return {
    result,
    out,
    src: result === 'ok' ? `${ipText(out.ipVersion, out.addrBuf, out.srcOff)}:${out.srcPort}` : '',
    dst: result === 'ok' ? `${ipText(out.ipVersion, out.addrBuf, out.dstOff)}:${out.dstPort}` : '',
    payload: out.payloadBuf.toString('latin1', out.payloadOff, out.payloadOff + out.payloadLen),
  };
}

const v4seg = () => tcpPacket(C4, S4, 1000, 2000, TCP_FLAGS.ACK | TCP_FLAGS.PSH, HELLO);
const v6seg = () => tcpPacket(C6, S6, 1000, 2000, TCP_FLAGS.ACK | TCP_FLAGS.PSH, HELLO);

function expectV4(d: ReturnType<typeof decode>): void {
  expect(d.result).toBe('ok');
  expect([d.src, d.dst, d.payload, d.out.proto]).toEqual(['10.0.0.1:40000', '192.0.2.10:443', 'hello', 6]);
}
function expectV6(d: ReturnType<typeof decode>): void {
  expect(d.result).toBe('ok');
  expect([d.src, d.dst, d.payload]).toEqual(['2001:db8::1:40001', '2001:db8:0:1::443:8443', 'hello']);
}

describe('link layers', () => {
  it('Ethernet, 802.1Q, QinQ 0x88a8 and the old 0x9100 TPID', () => {
    expectV4(decode(LINKTYPE.ETHERNET, ethernet(v4seg())));
    expectV6(decode(LINKTYPE.ETHERNET, ethernet(v6seg(), 0x86dd)));
    expectV4(decode(LINKTYPE.ETHERNET, ethernet(v4seg(), 0x0800, [100])));
    expectV4(decode(LINKTYPE.ETHERNET, ethernet(v4seg(), 0x0800, [100, 200])));
    expectV6(decode(LINKTYPE.ETHERNET, taggedEthernet(v6seg(), 0x86dd, [[0x9100, 7], [0x8100, 8]])));
  });

  it('PPPoE session over QinQ, IPv4 (0x0021) and IPv6 (0x0057)', () => {
    expectV4(decode(LINKTYPE.ETHERNET, ethernet(pppoeSession(0x0021, v4seg()), 0x8864, [10, 20])));
    expectV6(decode(LINKTYPE.ETHERNET, ethernet(pppoeSession(0x0057, v6seg()), 0x8864, [10, 20])));
    expect(decode(LINKTYPE.ETHERNET, ethernet(pppoeSession(0xc021, Buffer.alloc(20)), 0x8864)).result).toBe('ignored');
  });

  it('Linux SLL and SLL2', () => {
    expectV4(decode(LINKTYPE.LINUX_SLL, sll(0x0800, v4seg())));
    expectV6(decode(LINKTYPE.LINUX_SLL, sll(0x86dd, v6seg())));
    expectV4(decode(LINKTYPE.LINUX_SLL2, sll2(0x0800, v4seg())));
    expectV6(decode(LINKTYPE.LINUX_SLL2, sll2(0x86dd, v6seg())));
    expect(decode(LINKTYPE.LINUX_SLL, sll(0x0806, Buffer.alloc(28))).result).toBe('ignored');
  });

  it('raw IP: 101 and DLT 12/14 by version nibble, 228 IPv4, 229 IPv6', () => {
    for (const lt of [101, 12, 14]) {
      expectV4(decode(lt, v4seg()));
      expectV6(decode(lt, v6seg()));
    }
    expectV4(decode(LINKTYPE.IPV4, v4seg()));
    expectV6(decode(LINKTYPE.IPV6, v6seg()));
    expect(decode(LINKTYPE.IPV4, v6seg()).result).toBe('malformed');
  });

  it('BSD null/loopback with the family in either byte order; AF_INET6 as 24, 28 and 30', () => {
    for (const lt of [LINKTYPE.NULL, LINKTYPE.LOOP]) {
      for (const be of [false, true]) {
        expectV4(decode(lt, nullFrame(2, v4seg(), be)));
        for (const af of [24, 28, 30]) expectV6(decode(lt, nullFrame(af, v6seg(), be)));
      }
    }
    expect(decode(LINKTYPE.NULL, nullFrame(7, v4seg(), false)).result).toBe('ignored');
  });

  it('PPP (9) and PPP in HDLC framing (50), with and without address/control and protocol compression', () => {
    const proto = (p: number) => Buffer.from([p >> 8, p & 0xff]);
    expectV4(decode(9, Buffer.concat([proto(0x0021), v4seg()])));
    expectV6(decode(50, Buffer.concat([Buffer.from([0xff, 0x03]), proto(0x0057), v6seg()])));
    expectV4(decode(9, Buffer.concat([Buffer.from([0x21]), v4seg()]))); // RFC 1661 §6.5 compressed field
    expect(decode(9, Buffer.concat([proto(0xc021), Buffer.alloc(8)])).result).toBe('ignored'); // LCP
  });

  it('ARP, 802.3/LLC frames and unknown link types are ignored', () => {
    expect(decode(LINKTYPE.ETHERNET, ethernet(Buffer.alloc(28), 0x0806)).result).toBe('ignored');
    expect(decode(LINKTYPE.ETHERNET, ethernet(Buffer.alloc(38), 0x0026)).result).toBe('ignored');
    expect(decode(147, v4seg()).result).toBe('ignored');
  });
});

describe('tunnels report the inner flow', () => {
  const outer = (proto: number, payload: Buffer) => ethernet(ipv4('203.0.113.1', '203.0.113.2', proto, payload));

  it('GRE with key, sequence and checksum carrying IPv4, IPv6 and bridged Ethernet', () => {
    expectV4(decode(LINKTYPE.ETHERNET, outer(47, gre(0x0800, v4seg(), { key: 42 }))));
    expectV6(decode(LINKTYPE.ETHERNET, outer(47, gre(0x86dd, v6seg(), { key: 1, seq: 2, checksum: true }))));
    const d = decode(LINKTYPE.ETHERNET, outer(47, gre(0x6558, ethernet(v4seg()), { seq: 9 })));
    expectV4(d);
    expect(d.out.tunnelDepth).toBe(1);
  });

  it('ERSPAN type I, II and III (with and without the platform subheader) inside GRE', () => {
    expectV4(decode(LINKTYPE.ETHERNET, outer(47, gre(0x88be, ethernet(v4seg())))));
    expectV4(decode(LINKTYPE.ETHERNET, outer(47, gre(0x88be, erspan2(ethernet(v4seg())), { seq: 1 }))));
    expectV6(decode(LINKTYPE.ETHERNET, outer(47, gre(0x22eb, erspan3(ethernet(v6seg(), 0x86dd), false), { seq: 2 }))));
    expectV6(decode(LINKTYPE.ETHERNET, outer(47, gre(0x22eb, erspan3(ethernet(v6seg(), 0x86dd), true), { seq: 3 }))));
  });

  it('VXLAN (UDP 4789) and Geneve (UDP 6081) with an option', () => {
    const vx = udp(51000, 4789, vxlan(5001, ethernet(v4seg())));
    expectV4(decode(LINKTYPE.ETHERNET, outer(17, vx)));
    const opt = geneveOption(0x0102, 0x80, Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]));
    expectV6(decode(LINKTYPE.ETHERNET, outer(17, udp(51000, 6081, geneve(0x6558, 77, opt, ethernet(v6seg(), 0x86dd))))));
    expectV4(decode(LINKTYPE.ETHERNET, outer(17, udp(51000, 6081, geneve(0x0800, 77, opt, v4seg())))));
  });

  it('GTP-U (UDP 2152) with and without an extension header', () => {
    expectV4(decode(LINKTYPE.ETHERNET, outer(17, udp(2152, 2152, gtpU(0x1234, v4seg())))));
    expectV6(decode(LINKTYPE.ETHERNET, outer(17, udp(2152, 2152, gtpU(0x1234, v6seg(), true)))));
  });

  it('a datagram to 4789 that is not VXLAN stays plain UDP', () => {
    const d = decode(LINKTYPE.ETHERNET, ethernet(udpPacket(C4, { ip: S4.ip, port: 4789 }, Buffer.alloc(8))));
    expect([d.result, d.out.proto, d.out.dstPort, d.out.payloadLen]).toEqual(['ok', 17, 4789, 8]);
  });

  it('IPv4-in-IPv4 (4), IPv6-in-IPv4 (41), IPv4 in IPv6, MPLS', () => {
    expectV4(decode(LINKTYPE.ETHERNET, outer(4, v4seg())));
    expectV6(decode(LINKTYPE.ETHERNET, outer(41, v6seg())));
    expectV4(decode(LINKTYPE.RAW, ipv6('2001:db8::a', '2001:db8::b', 4, v4seg())));
    expectV4(decode(LINKTYPE.ETHERNET, ethernet(mpls([100, 200], v4seg()), 0x8847)));
  });
});

describe('IP details', () => {
  it('IPv4 options are skipped', () => {
    const options = Buffer.from([0x01, 0x01, 0x01, 0x00]); // NOP NOP NOP EOL
    const seg = tcp(C4.port, S4.port, 1, 2, TCP_FLAGS.ACK, HELLO);
    expectV4(decode(LINKTYPE.RAW, ipv4WithOptions(C4.ip, S4.ip, 6, options, seg)));
  });

  it('IPv6 hop-by-hop, routing, destination options and AH are walked; ESP stops', () => {
    const seg = tcp(C6.port, S6.port, 1, 2, TCP_FLAGS.ACK, HELLO);
    const ah = Buffer.alloc(16);
    ah[0] = 6;
    ah[1] = 16 / 4 - 2;
    const chain = Buffer.concat([ipv6Option(43), ipv6Option(60), ipv6Option(51), ah, seg]);
    expectV6(decode(LINKTYPE.RAW, ipv6(C6.ip, S6.ip, 0, chain)));
    expect(decode(LINKTYPE.RAW, ipv6(C6.ip, S6.ip, 50, Buffer.alloc(32))).result).toBe('ignored');
  });

  it('a fragment is reported as such with its offset, id and protocol', () => {
    const seg = tcp(C6.port, S6.port, 1, 2, TCP_FLAGS.ACK, Buffer.alloc(64));
    const first = Buffer.concat([ipv6Option(44), ipv6FragmentHeader(6, 0, true, 0xdeadbeef), seg.subarray(0, 48)]);
    const d = decode(LINKTYPE.RAW, ipv6(C6.ip, S6.ip, 0, first));
    expect(d.result).toBe('ok');
    expect([d.out.fragment, d.out.fragId, d.out.fragOffset, d.out.fragMore, d.out.proto, d.out.payloadLen]).toEqual([true, 0xdeadbeef, 0, true, 6, 48]);
  });

  it('Ethernet padding after a short IP datagram is not payload', () => {
    const frame = Buffer.concat([ethernet(tcpPacket(C4, S4, 1, 2, TCP_FLAGS.ACK)), Buffer.alloc(6)]);
    const d = decode(LINKTYPE.ETHERNET, frame);
    expect([d.result, d.out.payloadLen]).toEqual(['ok', 0]);
  });
});

describe('damaged frames are malformed or snap-cut, never thrown', () => {
  it('truncated IP header', () => {
    expect(decode(LINKTYPE.ETHERNET, ethernet(v4seg()).subarray(0, 14 + 12)).result).toBe('malformed');
  });

  it('IHL below 5', () => {
    const p = v4seg();
    p[0] = 0x44;
    expect(decode(LINKTYPE.RAW, p).result).toBe('malformed');
  });

  it('TCP data offset past the end of the segment', () => {
    const p = v4seg();
    p[20 + 12] = 0xf0; // 60-byte header, only 25 bytes of segment
    expect(decode(LINKTYPE.RAW, p).result).toBe('malformed');
    p[20 + 12] = 0x40; // 16 bytes: below the minimum
    expect(decode(LINKTYPE.RAW, p).result).toBe('malformed');
  });

  it('a 65535 total length on a short frame is malformed, but snap-cut when the frame was longer on the wire', () => {
    const p = v4seg();
    p.writeUInt16BE(65535, 2);
    expect(decode(LINKTYPE.RAW, p).result).toBe('malformed');
    const cut = decode(LINKTYPE.RAW, p, 65535);
    expect(cut.result).toBe('snap-cut');
    expect([cut.out.proto, cut.out.payloadLen, cut.out.payloadWireLen]).toEqual([6, 5, 65535 - 40]);
  });

  it('a frame cut inside the TCP header is snap-cut without a transport', () => {
    const frame = ethernet(v4seg());
    const d = decode(LINKTYPE.ETHERNET, frame.subarray(0, 14 + 20 + 10), frame.length);
    expect([d.result, d.out.proto]).toEqual(['snap-cut', 0]);
  });

  it('every prefix and random corruption of tunnelled frames decodes without throwing', () => {
    const frames = [
      ethernet(ipv4('203.0.113.1', '203.0.113.2', 47, gre(0x6558, ethernet(v6seg(), 0x86dd, [5]), { key: 1 }))),
      ethernet(ipv4('203.0.113.1', '203.0.113.2', 17, udp(1, 6081, geneve(0x6558, 1, Buffer.alloc(8), ethernet(v4seg()))))),
      ethernet(pppoeSession(0x0057, v6seg()), 0x8864, [1, 2]),
      ethernet(mpls([1, 2, 3], Buffer.concat([Buffer.alloc(4), ethernet(v4seg())])), 0x8847),
      ethernet(ipv4('203.0.113.1', '203.0.113.2', 17, udp(2152, 2152, gtpU(1, v6seg(), true)))),
      ethernet(ipv4('203.0.113.1', '203.0.113.2', 47, gre(0x22eb, erspan3(ethernet(v4seg()), true), { seq: 1 }))),
    ];
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const out = new DecodedPacket();
    for (const f of frames) {
      for (let n = 0; n <= f.length; n++) {
        expect(['ok', 'ignored', 'malformed', 'snap-cut']).toContain(decodeAlone(1, f.subarray(0, n), out, f.length));
      }
      for (let i = 0; i < 500; i++) {
        const g = Buffer.from(f);
        for (let k = 0; k < 3; k++) g[Math.floor(rand() * g.length)] = Math.floor(rand() * 256);
        for (const lt of [1, 101, 113, 276, 0, 9]) decodeAlone(lt, g, out);
      }
    }
  });
});
