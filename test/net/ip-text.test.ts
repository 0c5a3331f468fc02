import { ipv4Text, ipv6Text } from '../../src/net/ip-text';
import { ipv6Bytes } from '../helpers/frames';

// Expected forms from RFC 5952 §4 (https://www.rfc-editor.org/rfc/rfc5952#section-4) and §5 (IPv4-mapped).
const cases: Array<[string, string]> = [
  ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
  ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // §4.2.3: the first of equal runs
  ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], // §4.2.3: the longest run
  ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // §4.2.2: one zero group stays
  ['2001:DB8:AAAA:BBBB:CCCC:DDDD:EEEE:0001', '2001:db8:aaaa:bbbb:cccc:dddd:eeee:1'], // §4.3 lower case
  ['0:0:0:0:0:0:0:0', '::'],
  ['0:0:0:0:0:0:0:1', '::1'],
  ['fe80:0:0:0:0:0:0:0', 'fe80::'],
  ['0:0:0:0:0:ffff:c000:0201', '::ffff:192.0.2.1'],
];

describe('address text', () => {
  it.each(cases)('%s → %s', (input, text) => {
    expect(ipv6Text(ipv6Bytes(input.toLowerCase()), 0)).toBe(text);
  });

  it('IPv4 dotted, read at an offset', () => {
    expect(ipv4Text(Buffer.from([9, 192, 0, 2, 255]), 1)).toBe('192.0.2.255');
  });
});
