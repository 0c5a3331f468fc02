import { ja4s as ja4sOrUndefined } from '../../src/tls/ja4s';
import type { Ja4Transport } from '../../src/tls/ja4';
import type { ServerHello } from '../../src/tls/types';
import { alpnData, ext, hexes, serverHello } from './fingerprint-vectors/hellos';

const exts = (list: string) => hexes(list).map((t) => ext(t));

/** JA4S of a TLS/DTLS/QUIC ServerHello, which is always defined (only SSLv2 has none). */
function ja4s(sh: ServerHello, transport: Ja4Transport) {
  const fp = ja4sOrUndefined(sh, transport);
  if (fp === undefined) throw new Error('no JA4S');
  return fp;
}

describe('ja4s: published vectors', () => {
  it('FoxIO JA4S.md example: t120400_c030_4e8089b08790, raw t120400_c030_0005,0017,ff01,0000', () => {
    // FoxIO-LLC/ja4 technical_details/JA4S.md (commit be85ab6a); also rust/ja4/src/tls.rs test_server_stats_into_out.
    const fp = ja4s(serverHello({ legacyVersion: 0x0303, cipherSuite: 0xc030, extensions: exts('0005,0017,ff01,0000') }), 'tcp');
    expect(fp).toEqual({ value: 't120400_c030_4e8089b08790', raw: 't120400_c030_0005,0017,ff01,0000' });
  });

  it('FoxIO chrome-cloudflare-quic-with-secrets.pcapng: t130200_1301_234ea6891581 from selected_version', () => {
    // JA4S and JA4S_r from FoxIO-LLC/ja4 python/test/testdata/chrome-cloudflare-quic-with-secrets.pcapng.json (commit 020afb00).
    const sh = serverHello({ legacyVersion: 0x0303, selectedVersion: 0x0304, cipherSuite: 0x1301, extensions: exts('0033,002b') });
    expect(ja4s(sh, 'tcp')).toEqual({ value: 't130200_1301_234ea6891581', raw: 't130200_1301_0033,002b' });
  });

  it('FoxIO sigalg-grease.pcapng: t130200_1302_234ea6891581', () => {
    // FoxIO-LLC/ja4 python/test/testdata/sigalg-grease.pcapng.json (commit 53567a24), JA4S_r t130200_1302_0033,002b.
    const sh = serverHello({ selectedVersion: 0x0304, cipherSuite: 0x1302, extensions: exts('0033,002b') });
    expect(ja4s(sh, 'tcp').value).toBe('t130200_1302_234ea6891581');
  });

  it('Sliver C2 known JA4S t130200_1301_a56c5b993250 (FoxIO README examples table)', () => {
    // Value: FoxIO-LLC/ja4 README.md "Sliver Malware". Input inferred: Go crypto/tls sends supported_versions (002b)
    // then key_share (0033); extensions in the order sent are what JA4S hashes.
    const sh = serverHello({ selectedVersion: 0x0304, cipherSuite: 0x1301, extensions: exts('002b,0033') });
    expect(ja4s(sh, 'tcp').value).toBe('t130200_1301_a56c5b993250');
  });

  it('FoxIO zeek baseline tests.ja4s-tls (QUIC): q130200_1301_234ea6891581 and q130200_1301_a56c5b993250', () => {
    // FoxIO-LLC/ja4 zeek/testing/Baseline/tests.ja4s-tls/output (commit 4e91886c); only the order of the two extensions differs.
    const quic = (order: string) => ja4s(serverHello({ selectedVersion: 0x0304, cipherSuite: 0x1301, extensions: exts(order) }), 'quic');
    expect(quic('0033,002b').value).toBe('q130200_1301_234ea6891581');
    expect(quic('002b,0033').value).toBe('q130200_1301_a56c5b993250');
  });
});

describe('ja4s: rules', () => {
  it('extension order matters (JA4S.md: hashed in the order they appear)', () => {
    const a = ja4s(serverHello({ cipherSuite: 0xc02f, extensions: exts('ff01,0000,000b') }), 'tcp');
    const b = ja4s(serverHello({ cipherSuite: 0xc02f, extensions: exts('0000,ff01,000b') }), 'tcp');
    expect(a.value.slice(0, 13)).toBe(b.value.slice(0, 13));
    expect(a.value).not.toBe(b.value);
  });

  it('chosen ALPN gives its first and last character; the ALPN extension is counted', () => {
    const sh = serverHello({ cipherSuite: 0xc02f, extensions: [ext(0xff01), ext(0x0010, alpnData('h2'))], alpn: 'h2' });
    expect(ja4s(sh, 'tcp').raw).toBe('t1202h2_c02f_ff01,0010');
  });

  it('extension count caps at 99 and GREASE types are kept (FoxIO python to_ja4s "include grease values")', () => {
    const many = Array.from({ length: 120 }, (_, i) => ext(i === 0 ? 0x0a0a : i));
    const fp = ja4s(serverHello({ cipherSuite: 0x002f, extensions: many }), 'tcp');
    expect(fp.raw.startsWith('t129900_002f_0a0a,0001,')).toBe(true);
  });

  it('no extensions: hash of the empty list is 000000000000 (FoxIO rust hash12)', () => {
    expect(ja4s(serverHello({ legacyVersion: 0x0301, cipherSuite: 0x0035 }), 'tcp').value).toBe('t100000_0035_000000000000');
  });

  it('DTLS server hello takes the d prefix and its DTLS version code', () => {
    expect(ja4s(serverHello({ legacyVersion: 0xfeff, cipherSuite: 0x0035 }), 'udp').value.slice(0, 7)).toBe('dd10000');
  });

  it('SSLv2 SERVER-HELLO has no JA4S', () => {
    expect(ja4sOrUndefined(serverHello({ sslv2: true, legacyVersion: 0x0002 }), 'tcp')).toBeUndefined();
  });
});
