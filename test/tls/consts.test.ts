import { cipherName, isGrease, isTls13, versionName } from '../../src/tls/consts';

describe('consts', () => {
  it('names versions as Wireshark does, drafts included', () => {
    // Names as in ../shared/corpus/expected.json `tls_versions` (tshark 4.0.17).
    expect(versionName(0x0002)).toBe('SSLv2');
    expect(versionName(0x0300)).toBe('SSLv3');
    expect(versionName(0x0301)).toBe('TLSv1.0');
    expect(versionName(0x0303)).toBe('TLSv1.2');
    expect(versionName(0x0304)).toBe('TLSv1.3');
    expect(versionName(0x7f1c)).toBe('TLSv1.3-draft28');
    expect(versionName(0x7e02)).toBe('TLSv1.3-experiment2'); // BoringSSL's TLS1_3_EXPERIMENT_2_VERSION
    expect(versionName(0xfefd)).toBe('DTLSv1.2');
    expect(versionName(0x0100)).toBe('DTLSv1.0-OpenSSL-pre');
    expect(versionName(0x1234)).toBe('unknown-0x1234');
  });

  it('names common suites (IANA TLS Cipher Suites registry) and prints unknown codes in hex', () => {
    expect(cipherName(0xc02f)).toBe('TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256');
    expect(cipherName(0x1301)).toBe('TLS_AES_128_GCM_SHA256');
    expect(cipherName(0x010080)).toBe('SSL_CK_RC4_128_WITH_MD5');
    expect(cipherName(0x1234)).toBe('unknown-0x1234');
    expect(cipherName(0x0000ff00)).toBe('unknown-0xff00');
  });

  it('GREASE values are exactly the 16 of RFC 8701 §2', () => {
    const grease = [];
    for (let v = 0; v <= 0xffff; v++) if (isGrease(v)) grease.push(v);
    expect(grease).toEqual(Array.from({ length: 16 }, (_, i) => (i * 0x10 + 0x0a) * 0x101));
  });

  it('TLS 1.3 in every form', () => {
    expect([0x0304, 0x7f12, 0x7f1c, 0x7e01, 0x7e02, 0xfefc].every(isTls13)).toBe(true);
    expect([0x0303, 0x0300, 0xfefd, undefined].some(isTls13)).toBe(false);
  });
});
