/**
 * ClientHellos in the shapes today's clients send (RFC 8446 §4.1.2; extension sets and orders as browsers and
 * libraries write them): Chrome (GREASE, shuffled extensions, an X25519MLKEM768 key share that pushes the hello past
 * one segment, ECH GREASE), Firefox, curl over OpenSSL 3, Go, Java 8 and a TLS 1.2-only Windows client.
 */
import { extension, handshake, record, u16, u16s, u8, vec } from '../../test/helpers/tls-messages';
import type { Random } from './random';

export interface HelloProfile {
  readonly name: string;
  /** Whether it offers TLS 1.3 (supported_versions). */
  readonly tls13: boolean;
  hello(serverName: string | undefined, rng: Random): Buffer;
}

const GREASE = [0x0a0a, 0x1a1a, 0x2a2a, 0x3a3a, 0x4a4a, 0x5a5a, 0x6a6a, 0x7a7a, 0x8a8a, 0x9a9a, 0xaaaa, 0xbaba, 0xcaca, 0xdada, 0xeaea, 0xfafa];
const X25519 = 0x001d;
const P256 = 0x0017;
const P384 = 0x0018;
const X25519MLKEM768 = 0x11ec;

function bytes(rng: Random, n: number): Buffer {
  return rng.fill(Buffer.allocUnsafe(n));
}

function sni(name: string): Buffer {
  return extension(0x0000, vec(2, u8(0), vec(2, Buffer.from(name))));
}

function alpn(protocols: string[]): Buffer {
  return extension(0x0010, vec(2, ...protocols.map((p) => vec(1, Buffer.from(p)))));
}

function keyShares(rng: Random, groups: Array<[number, number]>): Buffer {
  return extension(0x0033, vec(2, ...groups.map(([g, n]) => Buffer.concat([u16(g), vec(2, bytes(rng, n))]))));
}

function clientHello(rng: Random, legacyRecordVersion: number, ciphers: number[], extensions: Buffer[], sessionId = true): Buffer {
  const body = Buffer.concat([
    u16(0x0303), bytes(rng, 32), sessionId ? vec(1, bytes(rng, 32)) : u8(0), vec(2, u16s(ciphers)), vec(1, u8(0)), vec(2, ...extensions),
  ]);
  return record(0x16, legacyRecordVersion, handshake(1, body));
}

function shuffled<T>(items: T[], rng: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const chrome: HelloProfile = {
  name: 'chrome',
  tls13: true,
  hello(serverName, rng) {
    const grease = rng.pick(GREASE);
    const ciphers = [grease, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035];
    const middle = [
      ...(serverName ? [sni(serverName)] : []),
      extension(0x0017, Buffer.alloc(0)), extension(0xff01, u8(0)),
      extension(0x000a, vec(2, u16s([rng.pick(GREASE), X25519MLKEM768, X25519, P256, P384]))),
      extension(0x000b, vec(1, u8(0))), extension(0x0023, Buffer.alloc(0)), alpn(['h2', 'http/1.1']),
      extension(0x0005, Buffer.from([1, 0, 0, 0, 0])), extension(0x000d, vec(2, u16s([0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601]))),
      extension(0x0012, Buffer.alloc(0)), keyShares(rng, [[rng.pick(GREASE), 1], [X25519MLKEM768, 1216], [X25519, 32]]),
      extension(0x002d, vec(1, u8(1))), extension(0x002b, vec(1, u16s([rng.pick(GREASE), 0x0304, 0x0303]))),
      extension(0x001b, vec(1, u16(2))), extension(0x44cd, vec(2, vec(1, Buffer.from('h2')))),
      // ECH GREASE (draft-ietf-tls-esni): outer config id, a random encapsulated key and payload
      extension(0xfe0d, Buffer.concat([u8(0), u16(1), u16(1), u8(rng.int(0, 255)), vec(2, bytes(rng, 32)), vec(2, bytes(rng, 144))])),
    ];
    return clientHello(rng, 0x0301, ciphers, [extension(rng.pick(GREASE), Buffer.alloc(0)), ...shuffled(middle, rng), extension(rng.pick(GREASE), u8(0))]);
  },
};

const firefox: HelloProfile = {
  name: 'firefox',
  tls13: true,
  hello(serverName, rng) {
    const ciphers = [0x1301, 0x1303, 0x1302, 0xc02b, 0xc02f, 0xcca9, 0xcca8, 0xc02c, 0xc030, 0xc00a, 0xc009, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035];
    return clientHello(rng, 0x0301, ciphers, [
      ...(serverName ? [sni(serverName)] : []),
      extension(0x0017, Buffer.alloc(0)), extension(0xff01, u8(0)),
      extension(0x000a, vec(2, u16s([X25519MLKEM768, X25519, P256, P384, 0x0019, 0x0100, 0x0101]))),
      extension(0x000b, vec(1, u8(0))), extension(0x0023, Buffer.alloc(0)), alpn(['h2', 'http/1.1']),
      extension(0x0005, Buffer.from([1, 0, 0, 0, 0])), extension(0x0022, vec(2, u16s([0x0403, 0x0503, 0x0603, 0x0203]))),
      keyShares(rng, [[X25519MLKEM768, 1216], [X25519, 32], [P256, 65]]), extension(0x002b, vec(1, u16s([0x0304, 0x0303]))),
      extension(0x000d, vec(2, u16s([0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0203, 0x0201]))),
      extension(0x002d, vec(1, u8(1))), extension(0x001c, u16(0x4001)), extension(0x001b, vec(1, u16(1))),
    ]);
  },
};

const curl: HelloProfile = {
  name: 'curl',
  tls13: true,
  hello(serverName, rng) {
    const ciphers = [0x1302, 0x1303, 0x1301, 0xc02c, 0xc030, 0x009f, 0xcca9, 0xcca8, 0xccaa, 0xc02b, 0xc02f, 0x009e, 0xc024, 0xc028, 0x006b, 0xc023,
      0xc027, 0x0067, 0xc00a, 0xc014, 0x0039, 0xc009, 0xc013, 0x0033, 0x009d, 0x009c, 0x003d, 0x003c, 0x0035, 0x002f, 0x00ff];
    return clientHello(rng, 0x0301, ciphers, [
      ...(serverName ? [sni(serverName)] : []),
      extension(0x000b, vec(1, Buffer.from([0, 1, 2]))), extension(0x000a, vec(2, u16s([X25519, P256, 0x001e, 0x0019, P384]))),
      extension(0x0023, Buffer.alloc(0)), alpn(['h2', 'http/1.1']), extension(0x0016, Buffer.alloc(0)), extension(0x0017, Buffer.alloc(0)),
      extension(0x0031, Buffer.alloc(0)), extension(0x000d, vec(2, u16s([0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0809, 0x080a, 0x080b, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601]))),
      extension(0x002b, vec(1, u16s([0x0304, 0x0303]))), extension(0x002d, vec(1, u8(1))), keyShares(rng, [[X25519, 32]]),
    ]);
  },
};

const go: HelloProfile = {
  name: 'go',
  tls13: true,
  hello(serverName, rng) {
    const ciphers = [0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc009, 0xc013, 0xc00a, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035, 0x1301, 0x1302, 0x1303];
    return clientHello(rng, 0x0301, ciphers, [
      ...(serverName ? [sni(serverName)] : []),
      extension(0x0005, Buffer.from([1, 0, 0, 0, 0])), extension(0x000a, vec(2, u16s([X25519MLKEM768, X25519, P256, P384, 0x0019]))),
      extension(0x000b, vec(1, u8(0))), extension(0x000d, vec(2, u16s([0x0804, 0x0403, 0x0807, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0503, 0x0603, 0x0201, 0x0203]))),
      extension(0xff01, u8(0)), extension(0x0012, Buffer.alloc(0)), extension(0x002b, vec(1, u16s([0x0304, 0x0303]))),
      keyShares(rng, [[X25519MLKEM768, 1216], [X25519, 32]]),
    ]);
  },
};

const java8: HelloProfile = {
  name: 'java8',
  tls13: false,
  hello(serverName, rng) {
    const ciphers = [0xc02c, 0xc02b, 0xc030, 0x009d, 0xc02e, 0xc032, 0x009f, 0x00a3, 0xc02f, 0x009c, 0xc02d, 0xc031, 0x009e, 0x00a2, 0xc024, 0xc028,
      0x003d, 0xc026, 0xc02a, 0x006b, 0x006a, 0xc00a, 0xc014, 0x0035, 0xc005, 0xc00f, 0x0039, 0x0038, 0xc023, 0xc027, 0x003c, 0xc025, 0xc029, 0x0067,
      0x0040, 0xc009, 0xc013, 0x002f, 0xc004, 0xc00e, 0x0033, 0x0032, 0x00ff];
    return clientHello(rng, 0x0303, ciphers, [
      extension(0x000a, vec(2, u16s([P256, P384, 0x0019, 0x0009, 0x000a, 0x000b, 0x000c, 0x000d, 0x000e, 0x0016]))),
      extension(0x000b, vec(1, u8(0))), extension(0x000d, vec(2, u16s([0x0603, 0x0601, 0x0503, 0x0501, 0x0403, 0x0401, 0x0303, 0x0301, 0x0203, 0x0201, 0x0402, 0x0202]))),
      extension(0x0017, Buffer.alloc(0)), ...(serverName ? [sni(serverName)] : []),
    ]);
  },
};

const schannel: HelloProfile = {
  name: 'schannel',
  tls13: false,
  hello(serverName, rng) {
    const ciphers = [0xc02c, 0xc02b, 0xc030, 0xc02f, 0x009f, 0x009e, 0xc024, 0xc023, 0xc028, 0xc027, 0xc00a, 0xc009, 0xc014, 0xc013, 0x009d, 0x009c, 0x003d, 0x003c, 0x0035, 0x002f, 0x000a];
    return clientHello(rng, 0x0303, ciphers, [
      ...(serverName ? [sni(serverName)] : []),
      extension(0x0005, Buffer.from([1, 0, 0, 0, 0])), extension(0x000a, vec(2, u16s([X25519, P256, P384]))), extension(0x000b, vec(1, u8(0))),
      extension(0x000d, vec(2, u16s([0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0201, 0x0403, 0x0503, 0x0203, 0x0202, 0x0601, 0x0603]))),
      extension(0x0023, Buffer.alloc(0)), alpn(['h2', 'http/1.1']), extension(0x0017, Buffer.alloc(0)), extension(0xff01, u8(0)),
    ]);
  },
};

/** Client software by share of hosts on a typical office network. */
export const HELLO_PROFILES: ReadonlyArray<{ profile: HelloProfile; share: number }> = [
  { profile: chrome, share: 0.62 }, { profile: firefox, share: 0.12 }, { profile: curl, share: 0.1 },
  { profile: go, share: 0.08 }, { profile: java8, share: 0.04 }, { profile: schannel, share: 0.04 },
];

export function pickProfile(rng: Random): HelloProfile {
  let u = rng.next();
  for (const { profile, share } of HELLO_PROFILES) if ((u -= share) < 0) return profile;
  return chrome;
}
