import { createHash } from 'node:crypto';
import { ja4 } from '../../src/tls/ja4';
import { addFingerprints } from '../../src/tls/fingerprints';
import type { Handshake } from '../../src/tls/types';
import { alpnData, clientHello, ext, extensionsOf, hexes, serverHello } from './fingerprint-vectors/hellos';
import { corpusHelloBodies, corpusHellos } from './fingerprint-vectors/corpus-hellos';
import { parseClientHello } from '../../src/tls/client-hello';
import { parseServerHello } from '../../src/tls/server-hello';
import { ja3 } from '../../src/tls/ja3';
import { ja3s } from '../../src/tls/ja3s';
import { ja4s } from '../../src/tls/ja4s';

// FoxIO JA4 spec example, technical_details/JA4.md (FoxIO-LLC/ja4 commit d8f731ce0f194896f03261f333040cd8a80a2345),
// the same lists as rust/ja4/src/tls.rs test_client_stats_into_out.
const SPEC_CIPHERS = '1301,1302,1303,c02b,c02f,c02c,c030,cca9,cca8,c013,c014,009c,009d,002f,0035';
const SPEC_EXTS = '001b,0000,0033,0010,4469,0017,002d,000d,0005,0023,0012,002b,ff01,000b,000a,0015';
const SPEC_SIGS = '0403,0804,0401,0503,0805,0501,0806,0601';
const SPEC_JA4 = 't13d1516h2_8daaf6152771_e5627efa2ab1';
const SPEC_JA4_R =
  't13d1516h2_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9_' +
  '0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01_0403,0804,0401,0503,0805,0501,0806,0601';

function tls13Hello(ciphers: number[], exts: number[], sigs: number[], alpn = ['h2', 'http/1.1']) {
  return clientHello({
    cipherSuites: ciphers,
    extensions: extensionsOf(exts, alpn),
    supportedVersions: [0x0304, 0x0303],
    signatureAlgorithms: sigs,
    serverName: 'example.com',
    alpn,
  });
}

describe('ja4: published vectors', () => {
  it('FoxIO JA4.md example gives t13d1516h2_8daaf6152771_e5627efa2ab1 and its JA4_r', () => {
    const fp = ja4(tls13Hello(hexes(SPEC_CIPHERS), hexes(SPEC_EXTS), hexes(SPEC_SIGS)), 'tcp');
    expect(fp.value).toBe(SPEC_JA4);
    expect(fp.raw).toBe(SPEC_JA4_R);
  });

  it('GREASE in ciphers, extensions, versions, groups and sigalgs changes nothing (JA4.md: ignore GREASE anywhere)', () => {
    const ch = tls13Hello(
      [0x2a2a, ...hexes(SPEC_CIPHERS)],
      [0x8a8a, ...hexes(SPEC_EXTS), 0xdada],
      [0x0a0a, ...hexes(SPEC_SIGS)],
    );
    ch.supportedVersions = [0x7a7a, 0x0304, 0x0303];
    ch.supportedGroups = [0x4a4a, 0x001d];
    expect(ja4(ch, 'tcp')).toEqual({ value: SPEC_JA4, raw: SPEC_JA4_R });
  });

  it('FoxIO python testdata chrome-cloudflare-quic-with-secrets.pcapng: other extension order, same JA4', () => {
    // JA4_ro lists from FoxIO-LLC/ja4 python/test/testdata/chrome-cloudflare-quic-with-secrets.pcapng.json (commit 020afb00).
    const exts = '0000,0017,ff01,000a,000b,0023,0010,0005,000d,0012,0033,002d,002b,001b,4469,0015';
    const fp = ja4(tls13Hello(hexes(SPEC_CIPHERS), hexes(exts), hexes(SPEC_SIGS)), 'tcp');
    expect(fp.value).toBe('t13d1516h2_8daaf6152771_e5627efa2ab1');
    expect(fp.raw).toBe(SPEC_JA4_R);
  });

  it('FoxIO sigalg-grease.pcapng gives t13d1517h2_8daaf6152771_cb7bf5808d99', () => {
    // Lists from JA4_ro in FoxIO-LLC/ja4 python/test/testdata/sigalg-grease.pcapng.json (commit 53567a24); the same
    // JA4 is in rust/ja4/src/snapshots/ja4__insta@sigalg-grease.pcapng.snap and zeek/testing/Baseline/tests.ja4-tls-grease.
    // The GREASE values we add (where Chrome puts them) are ours: the published lists have them removed already.
    const exts = '0a0a,fe0d,0010,0017,0033,44cd,ff01,000a,000d,0023,002b,000b,ca34,002d,0000,0005,001b,0012,1a1a';
    const sigs = '5a5a,0904,0905,0906,0403,0804,0401,0503,0805,0501,0806,0601';
    const fp = ja4(tls13Hello(hexes('eaea,' + SPEC_CIPHERS), hexes(exts), hexes(sigs), ['h2', 'http/1.1']), 'tcp');
    expect(fp.value).toBe('t13d1517h2_8daaf6152771_cb7bf5808d99');
    expect(fp.raw).toBe(
      't13d1517h2_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9_' +
        '0005,000a,000b,000d,0012,0017,001b,0023,002b,002d,0033,44cd,ca34,fe0d,ff01_' +
        '0904,0905,0906,0403,0804,0401,0503,0805,0501,0806,0601',
    );
  });

  it('JA4.md: without signature algorithms the c string has no underscore (6d807ffa2a79)', () => {
    const exts = '0000,0005,000a,000b,000d,0010,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01';
    const fp = ja4(tls13Hello(hexes(SPEC_CIPHERS), hexes(exts), []), 'tcp');
    expect(fp.value.split('_')[2]).toBe('6d807ffa2a79');
    expect(fp.raw.endsWith('_0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01')).toBe(true);
  });

  it('suricata rust/src/ja4.rs test_get_hash: q12d0305h6_f500716053f9_2debc8880bae', () => {
    // OISF/suricata rust/src/ja4.rs (commit 085e725d): TLS 1.2 by legacy_version, QUIC, GREASE ext dropped, ALPN h3-16.
    const ch = clientHello({
      legacyVersion: 0x0303,
      cipherSuites: [0x1111, 0x0a20, 0xbada],
      extensions: [ext(0x0a0a), ext(0x0000), ext(0x0010, alpnData('h3-16')), ext(0xface), ext(0x0121), ext(0x1234)],
      signatureAlgorithms: [0x6666],
    });
    expect(ja4(ch, 'quic').value).toBe('q12d0305h6_f500716053f9_2debc8880bae');
  });

  it('suricata test_get_hash_limit_numbers: counts cap at 99 (t00i999900)', () => {
    const many = Array.from({ length: 199 }, (_, i) => i + 1);
    const ch = clientHello({ legacyVersion: 0, cipherSuites: many, extensions: many.map((t) => ext(t)) });
    expect(ja4(ch, 'tcp').value.slice(0, 10)).toBe('t00i999900');
  });
});

describe('ja4: section a rules (JA4.md)', () => {
  const prefix = (ch: ReturnType<typeof clientHello>, t: 'tcp' | 'udp' | 'quic' = 'tcp') => ja4(ch, t).value.slice(0, 10);

  it.each([
    ['0304', '13'], ['0303', '12'], ['0302', '11'], ['0301', '10'], ['0300', 's3'], ['0002', 's2'],
    ['feff', 'd1'], ['fefd', 'd2'], ['fefc', 'd3'], ['0305', '00'],
  ])('legacy_version 0x%s maps to %s without supported_versions', (v, code) => {
    expect(prefix(clientHello({ legacyVersion: parseInt(v, 16) }))).toBe(`t${code}i000000`);
  });

  it('supported_versions wins over legacy_version and the record version', () => {
    const ch = clientHello({
      legacyVersion: 0x0303, recordVersion: 0x0301,
      extensions: [ext(0x002b)], supportedVersions: [0xfafa, 0x0302, 0x0304, 0x0303],
    });
    expect(prefix(ch)).toBe('t13i000100');
  });

  it('DTLS: d prefix, and the newest DTLS version counts as highest (1.3 = 0xfefc < 1.2 = 0xfefd)', () => {
    const ch = clientHello({ legacyVersion: 0xfefd, extensions: [ext(0x002b)], supportedVersions: [0xfefc, 0xfefd] });
    expect(prefix(ch, 'udp')).toBe('dd3i000100');
    expect(prefix(clientHello({ legacyVersion: 0xfeff }), 'udp')).toBe('dd1i000000');
  });

  it('SNI marker comes from the server_name extension being present', () => {
    expect(prefix(clientHello({ extensions: [ext(0x0000)] }))).toBe('t12d000100');
    expect(prefix(clientHello({ serverName: 'x.test', extensions: [] }))).toBe('t12i000000');
  });

  it.each<[string, Buffer[], string]>([
    ['h2', [Buffer.from('h2')], 'h2'],
    ['http/1.1', [Buffer.from('http/1.1')], 'h1'],
    ['a single character is both first and last', [Buffer.from('a')], 'aa'],
    ['0xAB', [Buffer.from([0xab])], 'ab'],
    ['0xAB 0xCD', [Buffer.from([0xab, 0xcd])], 'ad'],
    ['0x30 0xAB', [Buffer.from([0x30, 0xab])], '3b'],
    ['0x30 0x31 0xAB 0xCD', [Buffer.from([0x30, 0x31, 0xab, 0xcd])], '3d'],
    ['0x30 0xAB 0xCD 0x31', [Buffer.from([0x30, 0xab, 0xcd, 0x31])], '01'],
    ['GREASE ALPN id (RFC 8701) skipped', [Buffer.from([0x3a, 0x3a]), Buffer.from('h3')], 'h3'],
  ])('ALPN %s', (_name, protocols, code) => {
    const ch = clientHello({ extensions: [ext(0x0010, alpnData(...protocols))] });
    expect(prefix(ch).slice(8)).toBe(code);
  });

  it('ALPN 00 when absent, empty list, empty first value, or truncated', () => {
    for (const data of [Buffer.alloc(0), Buffer.from([0, 0]), Buffer.from([0, 1, 0]), Buffer.from([0, 9, 5, 0x68])]) {
      expect(prefix(clientHello({ extensions: [ext(0x0010, data)] })).slice(8)).toBe('00');
    }
    expect(prefix(clientHello({})).slice(8)).toBe('00');
  });

  it('empty cipher and extension lists hash to 000000000000 (JA4.md)', () => {
    expect(ja4(clientHello({}), 'tcp')).toEqual({ value: 't12i000000_000000000000_000000000000', raw: 't12i000000__' });
  });

  it('SSLv2 CLIENT-HELLO: version s2, cipher specs wider than 16 bits keep all their hex digits', () => {
    const ch = clientHello({ sslv2: true, legacyVersion: 0x0002, cipherSuites: [0x010080, 0x0004], extensions: [] });
    expect(ja4(ch, 'tcp').raw).toBe('ts2i020000_0004,10080_');
  });
});

describe('ja4: malformed input is fingerprinted, never thrown on', () => {
  it('random hellos with junk extension bodies always give a well-formed JA4', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) % n);
    const shape = /^[tdq](13|12|11|10|s3|s2|d1|d2|d3|00)[di]\d{4}[0-9A-Za-z]{2}_[0-9a-f]{12}_[0-9a-f]{12}$/;
    for (let i = 0; i < 500; i++) {
      const list = (n: number) => Array.from({ length: rnd(n) }, () => rnd(0x10000));
      const ch = clientHello({
        legacyVersion: rnd(0x10000),
        cipherSuites: list(150),
        extensions: list(120).concat(rnd(2) ? [0x0010] : []).map((t) => ext(t, Buffer.from(list(12).map((b) => b & 0xff)))),
        supportedVersions: list(5),
        signatureAlgorithms: list(30),
      });
      expect(ja4(ch, (['tcp', 'udp', 'quic'] as const)[rnd(3)]).value).toMatch(shape);
    }
  });

  it('value parts are the SHA-256 of the raw parts, also for hostile list sizes (shared writer grows, no carry-over)', () => {
    const sha12 = (s: string) => (s === '' ? '000000000000' : createHash('sha256').update(s).digest('hex').slice(0, 12));
    const huge = Array.from({ length: 20000 }, (_, i) => (i * 7919) & 0xffff);
    for (const ch of [
      clientHello({ cipherSuites: huge, extensions: huge.slice(0, 3000).map((t) => ext(t)), signatureAlgorithms: huge.slice(0, 500) }),
      clientHello({ cipherSuites: [0x1301], extensions: [ext(0x000d)], signatureAlgorithms: [0x0403] }),
      clientHello({ cipherSuites: [0x1301], extensions: [ext(0x0000)], signatureAlgorithms: [0x0403] }),
    ]) {
      const { value, raw } = ja4(ch, 'tcp');
      const [a, b, ...c] = raw.split('_');
      expect(value).toBe(`${a}_${sha12(b)}_${sha12(c.join('_'))}`);
      expect(b.split(',').map((h) => parseInt(h, 16))).toEqual(
        ch.cipherSuites.filter((v) => (v & 0x0f0f) !== 0x0a0a || v >> 8 !== (v & 0xff)).sort((x, y) => x - y),
      );
    }
  });
});

function handshake(fields: Partial<Handshake>): Handshake {
  return {
    source: { file: 'vectors' },
    ts: { sec: 1700000000, nsec: 0 },
    client: { ip: '192.0.2.1', port: 50000 },
    server: { ip: '192.0.2.2', port: 443 },
    transport: 'tcp',
    protocol: 'tls',
    serverChain: { status: 'absent', certs: [] },
    clientChain: { status: 'absent', certs: [] },
    certificateRequested: false,
    completed: false,
    resumed: false,
    anomalies: [],
    ...fields,
  };
}

describe('addFingerprints', () => {
  it('fills all four from the hellos, with raw strings', () => {
    const h = handshake({
      clientHello: tls13Hello(hexes(SPEC_CIPHERS), hexes(SPEC_EXTS), hexes(SPEC_SIGS)),
      // FoxIO chrome-cloudflare-quic-with-secrets.pcapng.json: JA4S t130200_1301_234ea6891581.
      serverHello: serverHello({ cipherSuite: 0x1301, selectedVersion: 0x0304, extensions: [ext(0x0033), ext(0x002b)] }),
    });
    addFingerprints(h);
    expect(h.ja4?.value).toBe(SPEC_JA4);
    expect(h.ja4s?.value).toBe('t130200_1301_234ea6891581');
    expect(h.ja3?.raw.startsWith('771,4865-4866-4867-')).toBe(true);
    expect(h.ja3s?.raw).toBe('771,4865,51-43');
  });

  it('leaves fingerprints unset when a hello is missing', () => {
    const h = handshake({ clientHello: clientHello({}) });
    addFingerprints(h);
    expect(h.ja4).toBeDefined();
    expect(h.ja3s).toBeUndefined();
    expect(h.ja4s).toBeUndefined();
  });

  it('DTLS carrier gives the d prefix to JA4 and JA4S; other UDP TLS is QUIC (q)', () => {
    const dtls = handshake({
      transport: 'udp', protocol: 'dtls',
      clientHello: clientHello({ legacyVersion: 0xfefd }), serverHello: serverHello({ legacyVersion: 0xfefd }),
    });
    addFingerprints(dtls);
    expect(dtls.ja4?.value.slice(0, 3)).toBe('dd2');
    expect(dtls.ja4s?.value.slice(0, 3)).toBe('dd2');
    const quic = handshake({ transport: 'udp', clientHello: clientHello({ extensions: [ext(0x002b)], supportedVersions: [0x0304] }) });
    addFingerprints(quic);
    expect(quic.ja4?.value.slice(0, 3)).toBe('q13');
  });

  it('SSLv2 hellos get JA4 only (no JA3/JA3S/JA4S, as in Suricata)', () => {
    const h = handshake({
      clientHello: clientHello({ sslv2: true, legacyVersion: 0x0002, cipherSuites: [0x010080] }),
      serverHello: serverHello({ sslv2: true, legacyVersion: 0x0002 }),
    });
    addFingerprints(h);
    expect(h.ja4?.value.slice(0, 4)).toBe('ts2i');
    expect(h.ja3).toBeUndefined();
    expect(h.ja3s).toBeUndefined();
    expect(h.ja4s).toBeUndefined();
  });
});

// Captures from ../shared/corpus/pcap (rows in ../shared/corpus/sources.tsv) whose hellos travel in plain TLS over TCP.
const CORPUS_TLS_FILES = [
  'suricata-bug-7264-tcp-3whs-ack-data-tls-01.pcap', 'suricata-ssl_version_negated.pcap', 'suricata-tls-cert-issuer.pcap',
  'suricata-tls-certs-alert.pcap', 'suricata-tls-client-hello-frag-01-mtu300.pcap', 'suricata-tls-subjectaltname.pcap',
  'suricata-tls13-draft28.pcap', 'wireshark-rsasnakeoil2.pcap', 'wireshark-tls12-chacha20poly1305.pcap',
  'wireshark-tls13-rfc8446.pcap', 'zeek-chrome-1250-tls-x25519-kyber.pcap', 'zeek-client-certificate.pcap',
  'zeek-google-cert-repeat.pcap', 'zeek-hrr.pcap', 'zeek-missing-intermediate.pcap', 'zeek-tls-conn-with-extensions.pcap',
  'zeek-tls13-ech.pcap', 'zeek-tls13_wolfssl.pcap', 'zeek-tls1_1.pcap',
];

describe('corpus: the tls stage parsers feed the fingerprints the same lists as an independent extraction', () => {
  it.each(CORPUS_TLS_FILES)('%s', (file) => {
    const bodies = corpusHelloBodies(file);
    const independent = corpusHellos(file);
    expect(bodies.client.length + bodies.server.length).toBeGreaterThan(0);
    bodies.client.forEach(({ body }, i) => {
      const parsed = parseClientHello(body, 0x0301);
      if (!parsed.ok) throw new Error(`${file}: ClientHello ${i} not parsed`);
      const mine = independent.clientHellos[i];
      expect([ja3(parsed.value), ja4(parsed.value, 'tcp')]).toEqual([ja3(mine), ja4(mine, 'tcp')]);
    });
    bodies.server.forEach((body, i) => {
      const parsed = parseServerHello(body, 0x0303);
      if (!parsed.ok) throw new Error(`${file}: ServerHello ${i} not parsed`);
      const mine = independent.serverHellos[i];
      expect([ja3s(parsed.value), ja4s(parsed.value, 'tcp')]).toEqual([ja3s(mine), ja4s(mine, 'tcp')]);
    });
  });
});
