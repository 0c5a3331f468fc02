/**
 * The STARTTLS carrier is named by content first and by the server's well-known port (IANA service names:
 * smtp 25, submission 587, imap 143, pop3 110, ftp 21, xmpp-client 5222, ldap 389, postgresql 5432) only when
 * a preamble was seen whose content is not recognised.
 */
import { STARTTLS_PORTS } from '../../src/tls/consts';
import { CT, HS, ccs, clientHelloBody, handshake, record, runTracker, serverHelloBody, fakeFlow, CLIENT, type Step } from '../helpers/tls-messages';

const txt = (s: string): Buffer => Buffer.from(s, 'latin1');

function upgrade(clientText: string, serverText: string): Step[] {
  const steps: Step[] = [];
  if (serverText) steps.push({ dir: 1, data: txt(serverText) });
  if (clientText) steps.push({ dir: 0, data: txt(clientText) });
  steps.push(
    { dir: 0, data: record(CT.HANDSHAKE, 0x0301, handshake(HS.CLIENT_HELLO, clientHelloBody({ sni: 'mx.example' }))) },
    { dir: 1, data: Buffer.concat([record(CT.HANDSHAKE, 0x0303, handshake(HS.SERVER_HELLO, serverHelloBody())), ccs()]) },
    { dir: 0, data: ccs() },
  );
  return steps;
}

function carrierOn(port: number, clientText: string, serverText: string): string {
  const { handshakes } = runTracker(upgrade(clientText, serverText), { flow: fakeFlow(CLIENT, { ip: '10.0.0.2', port }) });
  expect(handshakes).toHaveLength(1);
  return handshakes[0].protocol;
}

describe('STARTTLS carrier by content, then by port', () => {
  // A dialect the content rules do not know (an SMTP server answering in a private extension).
  const odd = ['XSECURE\r\n', '299 go ahead\r\n'] as const;

  it.each([...STARTTLS_PORTS])('an unrecognised preamble on port %i is %s', (port, carrier) => {
    expect(carrierOn(port, ...odd)).toBe(carrier);
  });

  it('an unrecognised preamble on an unknown port stays `preamble`', () => {
    expect(carrierOn(40000, ...odd)).toBe('preamble');
  });

  it('content wins over the port: SMTP STARTTLS on the IMAP port is SMTP', () => {
    expect(carrierOn(143, 'EHLO client.example\r\nSTARTTLS\r\n', '220 mx.example ESMTP\r\n250 STARTTLS\r\n220 go\r\n')).toBe('starttls-smtp');
  });

  it('TLS from the first byte is `tls` even on a STARTTLS port', () => {
    expect(carrierOn(25, '', '')).toBe('tls');
  });
});
