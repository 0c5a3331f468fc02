import { isGrease } from '../../src/tls/consts';
import { createHash } from 'node:crypto';
import { ja3 } from '../../src/tls/ja3';
import { clientHello, decimals, ext } from './fingerprint-vectors/hellos';
import { corpusHelloBodies, corpusHellos } from './fingerprint-vectors/corpus-hellos';
import { parseClientHello } from '../../src/tls/client-hello';

/** A ClientHello whose lists are exactly those of a published JA3 string. */
function fromJa3String(s: string, supportedVersions: number[] = []) {
  const [version, ciphers, extensions, curves, formats] = s.split(',');
  return clientHello({
    legacyVersion: Number(version),
    cipherSuites: decimals(ciphers),
    extensions: decimals(extensions).map((t) => ext(t)),
    supportedGroups: decimals(curves),
    ecPointFormats: decimals(formats),
    supportedVersions,
  });
}

describe('ja3: published vectors', () => {
  it.each([
    // salesforce/ja3 README.md "How it works" (commit 006f7e53).
    ['769,47-53-5-10-49161-49162-49171-49172-50-56-19-4,0-10-11,23-24-25,0', 'ada70206e40642a3e4461f35503241d5'],
    ['769,4-5-10-9-100-98-3-6-19-18-99,,,', 'de350869b8c85de67a350c8d186f11e6'],
    // OISF/suricata-verify tests/tls/tls13-draft23/test.yaml (commit 04a65894), EVE tls.ja3.
    [
      '771,4865-4866-4867-49195-49199-49196-49200-52393-52392-49161-49187-49171-49191-49162-49188-49172-49192-156-157-47-60-53-61-10,65281-23-35-13-11-51-45-43-10,29-23-24,0',
      '0558cf38ebac58d332d7f39308fcd006',
    ],
  ])('%s', (raw, hash) => {
    expect(ja3(fromJa3String(raw))).toEqual({ value: hash, raw });
  });

  // OISF/suricata-verify tests/tls/tls13-draft28/test.yaml (commit 26a64fb3), the two EVE tls.ja3 of corpus file
  // suricata-tls13-draft28.pcap (../shared/corpus/sources.tsv). TLS 1.3 draft hellos: SSLVersion stays legacy 771.
  it.each([
    [
      '771,4866-4867-4865-4868-49196-52393-49325-49162-49195-49324-49161-49200-52392-49172-49199-49171-157-49309-53-156-49308-47-159-52394-49311-57-158-49310-51,5-10-11-13-22-23-35-51-43-65281-0-45-41,23,0',
      'd00857e0c8e7a7f35e446508c6233460',
    ],
    [
      '771,4866-4867-4865-4868-49196-52393-49325-49162-49195-49324-49161-49200-52392-49172-49199-49171-157-49309-53-156-49308-47-159-52394-49311-57-158-49310-51,5-10-11-13-22-23-35-51-43-65281-0-45,23,0',
      '43202faa1c8c1760d6f7f4bd9adde4ab',
    ],
  ])('suricata-verify tls13-draft28: %s', (raw, hash) => {
    expect(ja3(fromJa3String(raw, [0x7f1c, 0x0303]))).toEqual({ value: hash, raw });
  });
});

describe('ja3: corpus captures against Suricata EVE', () => {
  it('corpus suricata-tls13-draft28.pcap: both hellos give the JA3 suricata-verify tls13-draft28 expects', () => {
    // Capture: ../shared/corpus/pcap/suricata-tls13-draft28.pcap (sources.tsv: suricata-verify
    // tests/tls/tls13-draft28/tls13_draft28.pcap); expected: tests/tls/tls13-draft28/test.yaml tls.ja3.hash.
    const expected = ['43202faa1c8c1760d6f7f4bd9adde4ab', 'd00857e0c8e7a7f35e446508c6233460'];
    const independent = corpusHellos('suricata-tls13-draft28.pcap').clientHellos.map((ch) => ja3(ch)?.value);
    expect(independent.sort()).toEqual(expected);
    const stage = corpusHelloBodies('suricata-tls13-draft28.pcap').client.map((c) => {
      const parsed = parseClientHello(c.body, 0x0301);
      return parsed.ok ? ja3(parsed.value)?.value : 'unparsed';
    });
    expect(stage.sort()).toEqual(expected);
  });
});

describe('ja3: rules', () => {
  const SALESFORCE = '769,47-53-5-10-49161-49162-49171-49172-50-56-19-4,0-10-11,23-24-25,0';

  it('GREASE (RFC 8701) in ciphers, extensions and curves is ignored (salesforce/ja3 README, GREASE_TABLE)', () => {
    const ch = fromJa3String(SALESFORCE);
    ch.cipherSuites.unshift(0x0a0a);
    ch.extensions.splice(1, 0, ext(0xfafa));
    ch.extensions.push(ext(0x3a3a));
    ch.supportedGroups.unshift(0x9a9a);
    expect(ja3(ch)?.value).toBe('ada70206e40642a3e4461f35503241d5');
  });

  it('isGrease (consts.ts, used by every fingerprint) matches exactly the 16 RFC 8701 code points', () => {
    const hits: number[] = [];
    for (let v = 0; v <= 0xffff; v++) if (isGrease(v)) hits.push(v);
    expect(hits).toEqual(Array.from({ length: 16 }, (_, i) => i * 0x1010 + 0x0a0a));
  });

  it('SSLVersion is legacy_version, never supported_versions or the record version', () => {
    const ch = fromJa3String('771,4865,43,29,0', [0x0304]);
    ch.recordVersion = 0x0301;
    expect(ja3(ch)?.raw).toBe('771,4865,43,29,0');
  });

  it('keeps the order sent, duplicates included', () => {
    expect(ja3(fromJa3String('771,53-47-53,11-10-11,24-23,1-0'))?.raw).toBe('771,53-47-53,11-10-11,24-23,1-0');
  });

  it('value is the MD5 of raw for large, odd-valued lists (decimal writer, buffer growth)', () => {
    const big = Array.from({ length: 6000 }, (_, i) => (i * 104729) % 0x10000);
    const ch = clientHello({ legacyVersion: 0xfefd, cipherSuites: big, extensions: big.map((t) => ext(t)), supportedGroups: [0, 9, 10, 99, 100, 65535] });
    const fp = ja3(ch);
    expect(fp?.value).toBe(createHash('md5').update(fp?.raw ?? '').digest('hex'));
    expect(fp?.raw.startsWith('65277,0-')).toBe(true);
    expect(fp?.raw.endsWith(',0-9-10-99-100-65535,')).toBe(true);
  });

  it('SSLv2 CLIENT-HELLO has no JA3 (Suricata SSLv2Decode computes none)', () => {
    expect(ja3(clientHello({ sslv2: true, legacyVersion: 0x0002, cipherSuites: [0x010080] }))).toBeUndefined();
  });
});
