import { ja3s } from '../../src/tls/ja3s';
import { ext, serverHello } from './fingerprint-vectors/hellos';
import { corpusHelloBodies, corpusHellos } from './fingerprint-vectors/corpus-hellos';
import { parseServerHello } from '../../src/tls/server-hello';

describe('ja3s', () => {
  it('suricata-verify tls-ja3s: 771,49199,65281-0-11-16-23 → 5d79edf64e03689ff559a54e9d9487bc', () => {
    // OISF/suricata-verify tests/tls/tls-ja3s/test.yaml (commit 04a65894), EVE tls.ja3s for tls-certs-alert/input.pcap,
    // which is corpus file suricata-tls-certs-alert.pcap (../shared/corpus/sources.tsv).
    const sh = serverHello({ legacyVersion: 771, cipherSuite: 49199, extensions: [65281, 0, 11, 16, 23].map((t) => ext(t)) });
    expect(ja3s(sh)).toEqual({ value: '5d79edf64e03689ff559a54e9d9487bc', raw: '771,49199,65281-0-11-16-23' });
  });

  it('corpus suricata-tls-certs-alert.pcap gives the JA3S suricata-verify tls-ja3s expects', () => {
    // Capture: ../shared/corpus/pcap/suricata-tls-certs-alert.pcap (sources.tsv: suricata-verify
    // tests/tls/tls-certs-alert/input.pcap, which tests/tls/tls-ja3s/test.yaml also reads).
    const expected = [{ value: '5d79edf64e03689ff559a54e9d9487bc', raw: '771,49199,65281-0-11-16-23' }];
    expect(corpusHellos('suricata-tls-certs-alert.pcap').serverHellos.map((sh) => ja3s(sh))).toEqual(expected);
    const stage = corpusHelloBodies('suricata-tls-certs-alert.pcap').server.map((body) => {
      const parsed = parseServerHello(body, 0x0303);
      return parsed.ok ? ja3s(parsed.value) : 'unparsed';
    });
    expect(stage).toEqual(expected);
  });

  it('SSLVersion is the ServerHello legacy_version even for TLS 1.3 (salesforce/ja3 python/ja3s.py uses version)', () => {
    const sh = serverHello({ legacyVersion: 0x0303, selectedVersion: 0x0304, cipherSuite: 0x1301, extensions: [ext(43), ext(51)] });
    expect(ja3s(sh)?.raw).toBe('771,4865,43-51');
  });

  it('no extensions leaves an empty third field', () => {
    expect(ja3s(serverHello({ legacyVersion: 0x0301, cipherSuite: 47 }))?.raw).toBe('769,47,');
  });

  it('SSLv2 SERVER-HELLO has no JA3S', () => {
    expect(ja3s(serverHello({ sslv2: true, legacyVersion: 0x0002 }))).toBeUndefined();
  });
});
