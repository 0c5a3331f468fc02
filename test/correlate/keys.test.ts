/** The comparison keys of correlation: CNs of RFC 4514 strings (RFC 4514 §2.4 escaping) and addresses however written. */
import { commonNamesOf, ipKey, nameKey } from '../../src/correlate';
import { endpointIp } from '../../src/correlate/ip-key';

describe('commonNamesOf', () => {
  it('reads every CN, in multi-valued RDNs too, and undoes escapes (RFC 4514 §2.4, OpenSSL \\XX)', () => {
    expect(commonNamesOf('CN=Microsoft IT TLS CA 5,OU=Microsoft IT,O=Microsoft Corporation')).toEqual(['Microsoft IT TLS CA 5']);
    expect(commonNamesOf('CN=a\\,b,O=c')).toEqual(['a,b']);
    expect(commonNamesOf('O=x+CN=inner,CN=outer')).toEqual(['inner', 'outer']);
    expect(commonNamesOf('CN=tab\\09here')).toEqual(['tab\there']);
    expect(commonNamesOf('O=no common name')).toEqual([]);
    expect(commonNamesOf('')).toEqual([]);
  });

  it('skips a CN written as a hex dump (an undecodable value) and one cut by a lone trailing backslash', () => {
    expect(commonNamesOf('CN=#0C03616263')).toEqual([]);
    expect(commonNamesOf('O=a,CN=x\\')).toEqual([]);
  });

  it('nameKey ignores case, blanks and the DNS root dot', () => {
    expect(nameKey(' Login.Example.COM. ')).toBe('login.example.com');
  });
});

describe('ipKey', () => {
  it('gives one key to every spelling of an address', () => {
    expect(ipKey('2001:DB8:0:0:0:0:0:5')).toBe(ipKey('2001:db8::5'));
    expect(ipKey('[2001:db8::5]')).toBe(ipKey('2001:db8::5'));
    expect(ipKey('fe80::1%eth0')).toBe(ipKey('fe80:0:0:0:0:0:0:1'));
    expect(ipKey('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(ipKey('::ffff:a01:203')).toBe('10.1.2.3');
    expect(ipKey(' 10.1.2.3 ')).toBe('10.1.2.3');
    expect(ipKey('::')).toBe('0:0:0:0:0:0:0:0');
  });

  it('keeps distinct addresses apart and refuses text that is no address', () => {
    expect(ipKey('2001:db8::5')).not.toBe(ipKey('2001:db8::50'));
    for (const bad of ['', 'web01', '10.1.2', '1.2.3.4.5', '2001:db8:::1', '[', 'g::1']) expect(ipKey(bad)).toBeUndefined();
  });

  it('endpointIp takes the address out of a finding\'s server entry', () => {
    expect(endpointIp('10.1.2.3:443')).toBe('10.1.2.3');
    expect(endpointIp('[2001:db8::5]:8443')).toBe('2001:db8::5');
  });
});
