/** Config loading (JSON and YAML via the `yaml` package), validation messages, allowlist matching and CIDRs. */
import { compileAllowlist, suppressionReason } from '../../src/detect/allowlist';
import { cidrContains, parseCidr } from '../../src/detect/cidr';
import { ConfigError, DEFAULT_CONFIG, loadConfig } from '../../src/detect/config';
import { DETECTOR_IDS } from '../../src/detect/registry';
import { makeCert } from '../helpers/detect-certs';

describe('loadConfig', () => {
  it('reads YAML over the defaults', () => {
    const c = loadConfig([
      'weights:', '  self-signed: 30', 'reuseThreshold: 5', 'allowlist:', '  sniDomains: [corp.example]', '  serverCidrs: [10.0.0.0/8, "fd00::/8"]',
    ].join('\n'), 'yaml', DETECTOR_IDS);
    expect(c.weights['self-signed']).toBe(30);
    expect(c.reuseThreshold).toBe(5);
    expect(c.freshHours).toBe(DEFAULT_CONFIG.freshHours);
    expect(c.allowlist.serverCidrs).toEqual(['10.0.0.0/8', 'fd00::/8']);
    expect(c.allowlist.fingerprints).toEqual([]);
  });

  it('reads JSON, and an empty file is the defaults', () => {
    const c = loadConfig('{"disabled": ["random-looking-name"], "maxLeafValidityDays": 825}', 'json', DETECTOR_IDS);
    expect(c.disabled).toEqual(['random-looking-name']);
    expect(c.maxLeafValidityDays).toBe(825);
    expect(loadConfig('', 'yaml')).toBe(DEFAULT_CONFIG);
  });

  it.each([
    ['reuseTreshold: 3', 'yaml', 'reuseTreshold'],
    ['allowlist: {cidrs: [10.0.0.0/8]}', 'yaml', 'allowlist.cidrs'],
    ['allowlist: {serverCidrs: [10.0.0.0/33]}', 'yaml', 'allowlist.serverCidrs[0]'],
    ['allowlist: {subjectPatterns: ["CN=(unclosed"]}', 'yaml', 'allowlist.subjectPatterns[0]'],
    ['allowlist: {fingerprints: ["abc"]}', 'yaml', 'allowlist.fingerprints[0]'],
    ['weights: {self-signd: 10}', 'yaml', 'weights.self-signd'],
    ['weights: {self-signed: 500}', 'yaml', 'weights.self-signed'],
    ['freshHours: -1', 'yaml', 'freshHours'],
    ['{"disabled": ["nope"]}', 'json', 'disabled[0]'],
    ['{"reuseThreshold": 3,}', 'json', '(file)'],
  ] as const)('refuses %s naming %s', (text, format, key) => {
    let error: unknown;
    try {
      loadConfig(text, format, DETECTOR_IDS);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).key).toBe(key);
    expect((error as ConfigError).message).toContain(key);
  });
});

describe('CIDR', () => {
  it('matches IPv4 and IPv6 blocks and refuses bad text', () => {
    expect(cidrContains(parseCidr('10.0.0.0/8')!, '10.200.3.4')).toBe(true);
    expect(cidrContains(parseCidr('10.0.0.0/8')!, '11.0.0.1')).toBe(false);
    expect(cidrContains(parseCidr('2001:db8::/32')!, '2001:db8:1::5')).toBe(true);
    expect(cidrContains(parseCidr('2001:db8::/32')!, '2001:db9::5')).toBe(false);
    expect(cidrContains(parseCidr('::ffff:192.0.2.0/120')!, '::ffff:192.0.2.7')).toBe(true);
    expect(cidrContains(parseCidr('10.0.0.0/8')!, '2001:db8::1')).toBe(false);
    expect(cidrContains(parseCidr('192.0.2.7')!, '192.0.2.7')).toBe(true);
    for (const bad of ['10.0.0.256/8', '10.0.0.0/33', '1::2::3', 'host', '10.0.0.0/']) expect(parseCidr(bad)).toBeUndefined();
  });
});

describe('allowlist', () => {
  const cert = makeCert({ subject: [['O', 'Corp'], ['CN', 'intranet.corp.example']], notBefore: '2025-01-01T00:00:00Z', notAfter: '2026-01-01T00:00:00Z' }).facts;
  const allow = compileAllowlist({
    fingerprints: [], subjectPatterns: [], sniDomains: ['corp.example'], serverCidrs: ['10.0.0.0/8'],
  });

  it('silences by fingerprint (colons and case ignored) and by subject pattern', () => {
    const byFp = compileAllowlist({ ...DEFAULT_CONFIG.allowlist, fingerprints: [cert.sha256.toUpperCase().replace(/(..)/g, '$1:').slice(0, -1)] });
    expect(suppressionReason(byFp, cert, [], [], true)).toBe('allowlisted fingerprint');
    const byPattern = compileAllowlist({ ...DEFAULT_CONFIG.allowlist, subjectPatterns: ['^CN=intranet\\.'] });
    expect(suppressionReason(byPattern, cert, [], [], true)).toMatch(/subject matches/);
  });

  it('silences by SNI domain or network only when every sighting is covered', () => {
    expect(suppressionReason(allow, cert, ['198.51.100.1'], ['a.corp.example', 'corp.example'], true)).toMatch(/SNI/);
    expect(suppressionReason(allow, cert, ['198.51.100.1'], ['a.corp.example', 'evil.example'], true)).toBeUndefined();
    expect(suppressionReason(allow, cert, ['10.1.2.3', '10.9.9.9'], [], true)).toMatch(/10\.0\.0\.0\/8/);
    expect(suppressionReason(allow, cert, ['10.1.2.3', '203.0.113.9'], [], true)).toBeUndefined();
    expect(suppressionReason(allow, cert, ['10.1.2.3'], [], false)).toBeUndefined(); // capped: "every" unknown
  });
});
