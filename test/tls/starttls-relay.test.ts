/**
 * STARTTLS with real tools: `openssl s_client -starttls <proto>` talks to a small node server that speaks just
 * enough of each protocol's plaintext (RFC 3207 SMTP, RFC 3501 §6.2.1 IMAP, RFC 2595 §4 POP3 STLS, RFC 4217 §4
 * FTP AUTH TLS, RFC 6120 §5.4 XMPP, RFC 4511 §4.14 LDAP StartTLS, PostgreSQL SSLRequest) and then upgrades with
 * node:tls. A loopback relay records the bytes; the pcap made of them (on port 40000, so only content can name
 * the protocol) must give the chain the server sent, the carrier and the SNI.
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { makeCert, makeWorkDir, type MadeCert } from '../helpers/x509-openssl';
import { handshakesOfCapture, runTool, tcpPcap, TcpRelay } from '../helpers/relay-capture';

/** A server step: when the client text since the last step matches, send `reply`; `upgrade` starts TLS after it. */
interface Step {
  when: RegExp;
  reply: string | Buffer;
  upgrade?: boolean;
}

interface Dialogue {
  greeting?: string;
  steps: Step[];
}

const XMPP_NS = "xmlns='urn:ietf:params:xml:ns:xmpp-tls'";
/** RFC 4511 §4.14.2 ExtendedResponse, messageID 1, resultCode success, empty matchedDN and diagnosticMessage. */
const LDAP_STARTTLS_SUCCESS = Buffer.from('300c02010178070a0100040004 00'.replace(/ /g, ''), 'hex');

const DIALOGUES: Record<string, Dialogue> = {
  smtp: {
    greeting: '220 mail.example.test ESMTP\r\n',
    steps: [
      { when: /^EHLO .*\r\n/m, reply: '250-mail.example.test\r\n250 STARTTLS\r\n' },
      { when: /^STARTTLS\r\n/m, reply: '220 2.0.0 Ready to start TLS\r\n', upgrade: true },
    ],
  },
  imap: {
    greeting: '* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n',
    steps: [
      { when: /^(\S+) CAPABILITY\r\n/m, reply: '* CAPABILITY IMAP4rev1 STARTTLS\r\n. OK done\r\n' },
      { when: /^(\S+) STARTTLS\r\n/m, reply: '. OK Begin TLS negotiation now\r\n', upgrade: true },
    ],
  },
  pop3: {
    greeting: '+OK POP3 ready\r\n',
    steps: [{ when: /^STLS\r\n/m, reply: '+OK Begin TLS\r\n', upgrade: true }],
  },
  ftp: {
    greeting: '220 FTP ready\r\n',
    steps: [{ when: /^AUTH TLS\r\n/m, reply: '234 AUTH TLS successful\r\n', upgrade: true }],
  },
  xmpp: {
    steps: [
      {
        when: /<stream:stream[^>]*>/,
        reply: "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
          + ` id='1' from='chat.example.test' version='1.0'><stream:features><starttls ${XMPP_NS}><required/></starttls>`
          + '</stream:features>',
      },
      { when: /<starttls[^>]*\/>/, reply: `<proceed ${XMPP_NS}/>`, upgrade: true },
    ],
  },
  postgres: {
    steps: [{ when: /^\x00\x00\x00\x08\x04\xd2\x16\x2f/, reply: 'S', upgrade: true }],
  },
  ldap: {
    steps: [{ when: /1\.3\.6\.1\.4\.1\.1466\.20037/, reply: LDAP_STARTTLS_SUCCESS, upgrade: true }],
  },
};

/** A one-connection server playing `d`, then TLS 1.2 (so the Certificate message is in the clear). */
async function startServer(d: Dialogue, key: Buffer, cert: Buffer): Promise<net.Server> {
  const server = net.createServer((socket) => {
    let text = '';
    let step = 0;
    const onData = (chunk: Buffer): void => {
      text += chunk.toString('latin1');
      const s = d.steps[step];
      if (!s || !s.when.test(text)) return;
      text = '';
      step++;
      socket.write(s.reply);
      if (!s.upgrade) return;
      socket.removeListener('data', onData);
      const secure = new tls.TLSSocket(socket, { isServer: true, key, cert, maxVersion: 'TLSv1.2' });
      secure.on('secure', () => secure.end());
      secure.on('error', () => socket.destroy());
    };
    socket.on('data', onData);
    socket.on('error', () => undefined);
    if (d.greeting) socket.write(d.greeting);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

const sha256 = (der: Buffer): string => createHash('sha256').update(der).digest('hex');

describe('STARTTLS through openssl s_client and a relay', () => {
  let dir: string;
  let ca: MadeCert;
  let leaf: MadeCert;

  beforeAll(() => {
    dir = makeWorkDir();
    ca = makeCert(dir, {
      key: 'ec:P-256', subject: '/O=Relay Test/CN=Relay Test CA', startDate: '20260101000000Z', endDate: '20360101000000Z',
      serial: '01', extensions: ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign'],
    });
    leaf = makeCert(dir, {
      key: 'ec:P-256', subject: '/CN=mail.example.test', issuer: ca, startDate: '20260101000000Z',
      endDate: '20270101000000Z', serial: '02', extensions: ['subjectAltName = DNS:mail.example.test'],
    });
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(Object.keys(DIALOGUES))('%s', async (proto) => {
    const key = readFileSync(leaf.keyPath);
    const chainPem = Buffer.concat([readFileSync(leaf.certPath), readFileSync(ca.certPath)]);
    const server = await startServer(DIALOGUES[proto], key, chainPem);
    const relay = await TcpRelay.start((server.address() as net.AddressInfo).port);
    try {
      const { out } = await runTool('openssl', ['s_client', '-starttls', proto, '-connect', `127.0.0.1:${relay.port}`,
        '-servername', 'mail.example.test', '-tls1_2']);
      await relay.finished();
      expect(out).toContain('BEGIN CERTIFICATE');

      // Small segments: the preamble and the hellos are cut across TCP segments.
      const { handshakes } = await handshakesOfCapture(tcpPcap(relay.chunks, 200));
      expect(handshakes).toHaveLength(1);
      const h = handshakes[0];
      expect(h.protocol).toBe(`starttls-${proto}`);
      expect(h.serverName).toBe('mail.example.test');
      expect(h.version).toBe(0x0303);
      expect(h.server.port).toBe(40000);
      expect(h.serverChain.status).toBe('present');
      expect(h.serverChain.certs.map((c) => c.sha256)).toEqual([sha256(leaf.der), sha256(ca.der)]);
      expect(h.completed).toBe(true);
      expect(h.anomalies).toEqual([]);
    } finally {
      relay.close();
      server.close();
    }
  });
});
