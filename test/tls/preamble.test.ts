import { classifyPreamble, findTlsStart } from '../../src/tls/preamble';
import { CT, HS, alert, clientHelloBody, handshake, record, serverHelloBody, sslv2ClientHello } from '../helpers/tls-messages';

const ch = record(CT.HANDSHAKE, 0x0301, handshake(HS.CLIENT_HELLO, clientHelloBody({ sni: 'a.example' })));
const sh = record(CT.HANDSHAKE, 0x0303, handshake(HS.SERVER_HELLO, serverHelloBody()));
const txt = (s: string): Buffer => Buffer.from(s, 'latin1');

describe('findTlsStart', () => {
  it('finds a ClientHello or ServerHello at the start or after plaintext', () => {
    expect(findTlsStart(ch, 0, true)).toEqual({ at: 0, kind: 'client-hello' });
    const pre = txt('220 ready\r\n');
    expect(findTlsStart(Buffer.concat([pre, sh]), 0, true)).toEqual({ at: pre.length, kind: 'server-hello' });
  });

  it('skips 0x16 bytes that do not begin a valid hello record', () => {
    // Content type 22 with a bad version, a non-hello handshake type, and a too-short hello length.
    const decoys = Buffer.from([0x16, 0x02, 0x00, 0x00, 0x30, 0x01, 0x16, 0x03, 0x01, 0x00, 0x30, 0x0b, 0x00, 0x00, 0x2c, 0x03, 0x03,
      0x16, 0x03, 0x01, 0x00, 0x30, 0x01, 0x00, 0x00, 0x05, 0x03, 0x03]);
    expect(findTlsStart(Buffer.concat([decoys, ch]), 0, true)).toEqual({ at: decoys.length, kind: 'client-hello' });
  });

  it('keeps undecided bytes when a candidate header is cut by the segment end', () => {
    const buf = Buffer.concat([txt('STARTTLS\r\n'), ch.subarray(0, 6)]);
    expect(findTlsStart(buf, 0, true)).toEqual({ keepFrom: 10 });
    expect(findTlsStart(txt('no tls here'), 0, true)).toEqual({ keepFrom: 11 });
  });

  it('takes an SSLv2 CLIENT-HELLO or an alert only as the first bytes of the direction', () => {
    const v2 = sslv2ClientHello(0x0301, [0x010080]);
    expect(findTlsStart(v2, 0, true)).toEqual({ at: 0, kind: 'sslv2-client-hello' });
    expect(findTlsStart(v2, 0, false)).toEqual({ keepFrom: v2.length });
    expect(findTlsStart(alert(0x0301, 2, 70), 0, true)).toEqual({ at: 0, kind: 'alert' });
  });
});

describe('classifyPreamble', () => {
  // Dialogues after RFC 3207 (SMTP), RFC 2595 (IMAP, POP3 STLS), RFC 4217 (FTP AUTH TLS), RFC 6120 §5 (XMPP),
  // RFC 4511 §4.14 (LDAP StartTLS OID), PostgreSQL protocol SSLRequest (80877103 = 0x04d2162f), MySQL
  // protocol HandshakeV10, IRCv3 tls extension (RPL_STARTTLS 670), RFC 4642 (NNTP 382), RFC 9110 §9.3.6
  // (CONNECT), RFC 1928 (SOCKS5) and SOCKS4.
  const cases: Array<[string, Buffer, Buffer, string]> = [
    ['plain TLS', Buffer.alloc(0), Buffer.alloc(0), 'tls'],
    ['SMTP', txt('EHLO me\r\nSTARTTLS\r\n'), txt('220 mx ESMTP\r\n250-mx\r\n250 STARTTLS\r\n220 Go ahead\r\n'), 'starttls-smtp'],
    ['IMAP', txt('a1 CAPABILITY\r\na2 STARTTLS\r\n'), txt('* OK IMAP4rev1 ready\r\n* CAPABILITY IMAP4rev1 STARTTLS\r\na1 OK\r\na2 OK Begin TLS\r\n'), 'starttls-imap'],
    ['POP3', txt('CAPA\r\nSTLS\r\n'), txt('+OK POP3 ready\r\n+OK\r\nSTLS\r\n.\r\n+OK Begin TLS\r\n'), 'starttls-pop3'],
    ['FTP', txt('AUTH TLS\r\n'), txt('220 FTP ready\r\n234 AUTH TLS OK\r\n'), 'starttls-ftp'],
    ['XMPP', txt("<stream:stream to='x'><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"), txt("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"), 'starttls-xmpp'],
    ['LDAP', Buffer.concat([Buffer.from('301d02010177188016', 'hex'), txt('1.3.6.1.4.1.1466.20037')]), Buffer.from('300c02010178070a010004000400', 'hex'), 'starttls-ldap'],
    ['PostgreSQL', Buffer.from('0000000804d2162f', 'hex'), txt('S'), 'starttls-postgres'],
    ['MySQL', Buffer.alloc(36, 1), Buffer.concat([Buffer.from('4a0000000a', 'hex'), txt('8.0.36\0'), Buffer.alloc(40, 2)]), 'starttls-mysql'],
    ['IRC', txt('CAP LS\r\nNICK me\r\nSTARTTLS\r\n'), txt(':irc.example 670 me :STARTTLS successful\r\n'), 'starttls-irc'],
    ['NNTP', txt('STARTTLS\r\n'), txt('200 news ready\r\n382 Continue with TLS negotiation\r\n'), 'starttls-nntp'],
    ['HTTP CONNECT', txt('CONNECT a.example:443 HTTP/1.1\r\nHost: a.example:443\r\n\r\n'), txt('HTTP/1.1 200 OK\r\n\r\n'), 'http-connect'],
    ['SOCKS5', Buffer.from('050100050100030961e2e6578616d706c6501bb', 'hex'), Buffer.from('05000500000100000000 0000'.replace(/ /g, ''), 'hex'), 'socks'],
    ['SOCKS4', Buffer.from('040101bbc0000201757365720000', 'hex'), Buffer.from('005a000000000000', 'hex'), 'socks'],
    ['unknown', txt('HELLO THERE\r\n'), txt('WHO ARE YOU\r\n'), 'preamble'],
  ];
  it.each(cases)('%s', (_name, client, server, want) => {
    expect(classifyPreamble(client, server)).toBe(want);
  });
});
