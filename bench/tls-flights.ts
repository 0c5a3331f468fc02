/** Byte-exact TLS flights for the benchmark capture (RFC 5246 §7.4, RFC 8446 §4): enough for a real parser. */

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

function u24(n: number): Buffer {
  return Buffer.from([(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
}

function vec16(body: Buffer): Buffer {
  return Buffer.concat([u16(body.length), body]);
}

function ext(type: number, body: Buffer): Buffer {
  return Buffer.concat([u16(type), vec16(body)]);
}

export function record(contentType: number, body: Buffer, version = 0x0303): Buffer {
  return Buffer.concat([Buffer.from([contentType]), u16(version), u16(body.length), body]);
}

function handshake(type: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type]), u24(body.length), body]);
}

const CIPHERS = [0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035];

export function clientHello(serverName: string, random: number): Buffer {
  const sni = Buffer.from(serverName);
  const sniBody = vec16(Buffer.concat([Buffer.from([0]), vec16(sni)]));
  const alpn = vec16(Buffer.concat([Buffer.from([2]), Buffer.from('h2'), Buffer.from([8]), Buffer.from('http/1.1')]));
  const groups = vec16(Buffer.concat([0x001d, 0x0017, 0x0018].map(u16)));
  const sigalgs = vec16(Buffer.concat([0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601].map(u16)));
  const versions = Buffer.concat([Buffer.from([4]), u16(0x0304), u16(0x0303)]);
  const extensions = Buffer.concat([
    ext(0x0000, sniBody), ext(0x0017, Buffer.alloc(0)), ext(0xff01, Buffer.from([0])), ext(0x000a, groups),
    ext(0x000b, Buffer.from([1, 0])), ext(0x0023, Buffer.alloc(0)), ext(0x0010, alpn), ext(0x000d, sigalgs),
    ext(0x002b, versions), ext(0x002d, Buffer.from([1, 1])),
  ]);
  const rnd = Buffer.alloc(32, random & 0xff);
  const body = Buffer.concat([
    u16(0x0303), rnd, Buffer.from([0]), vec16(Buffer.concat(CIPHERS.map(u16))), Buffer.from([1, 0]), vec16(extensions),
  ]);
  return record(0x16, handshake(1, body), 0x0301);
}

export function serverHello(tls13: boolean): Buffer {
  const extensions = tls13
    ? Buffer.concat([ext(0x002b, u16(0x0304)), ext(0x0033, Buffer.concat([u16(0x001d), vec16(Buffer.alloc(32, 7))]))])
    : Buffer.concat([ext(0xff01, Buffer.from([0])), ext(0x0017, Buffer.alloc(0))]);
  const body = Buffer.concat([
    u16(0x0303), Buffer.alloc(32, 9), Buffer.from([0]), u16(tls13 ? 0x1301 : 0xc02b), Buffer.from([0]), vec16(extensions),
  ]);
  return record(0x16, handshake(2, body));
}

/** Certificate + ServerKeyExchange-sized filler + ServerHelloDone in one record, as most servers send them. */
export function serverCertificateFlight(chain: Buffer[]): Buffer {
  const list = Buffer.concat(chain.map((der) => Buffer.concat([u24(der.length), der])));
  const cert = handshake(11, Buffer.concat([u24(list.length), list]));
  const ske = handshake(12, Buffer.concat([Buffer.from([3]), u16(0x001d), Buffer.from([32]), Buffer.alloc(32, 1), u16(0x0403), vec16(Buffer.alloc(72, 2))]));
  const done = handshake(14, Buffer.alloc(0));
  return record(0x16, Buffer.concat([cert, ske, done]));
}

export function changeCipherSpec(): Buffer {
  return record(0x14, Buffer.from([1]));
}

export function clientKeyExchangeFlight(): Buffer {
  return Buffer.concat([
    record(0x16, handshake(16, Buffer.concat([Buffer.from([32]), Buffer.alloc(32, 3)]))),
    changeCipherSpec(),
    record(0x16, Buffer.alloc(40, 4)), // encrypted Finished
  ]);
}

export function encryptedFinished(): Buffer {
  return Buffer.concat([changeCipherSpec(), record(0x16, Buffer.alloc(40, 5))]);
}

export function applicationData(bytes: number, fill: number): Buffer {
  const parts: Buffer[] = [];
  for (let left = bytes; left > 0; left -= 16384) parts.push(record(0x17, Buffer.alloc(Math.min(left, 16384), fill)));
  return Buffer.concat(parts);
}
