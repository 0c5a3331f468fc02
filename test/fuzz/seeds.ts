/**
 * Seeds of the fuzz targets: the shared conformance corpus when it is there (real captures, Zeek logs, host events
 * and CA certificates; see ../shared/corpus/README.md), the repository's sample capture, and inputs built here with
 * the tests' own builders (so a clone without the corpus still fuzzes every parser from well-formed input).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR } from '../helpers/corpus';
import { pemToDer } from '../helpers/detect-certs';
import { CT as DCT, DTLS1_2, dtlsClientHelloBody, dtlsFragment, dtlsRecord, dtlsServerHelloBody } from '../helpers/dtls-messages';
import { ethernet, tcpConversation, udpPacket } from '../helpers/frames';
import { writePcap, writePcapngSection, LINKTYPE } from '../helpers/pcap-writer';
import { auditdExecLines, sysmonProcessXml } from '../helpers/host-events';
import {
  CT, HS, ccs, certificateBody, clientHelloBody, handshake, makeCert, record, records, serverHelloBody,
} from '../helpers/tls-messages';
import { tsvToJson } from '../helpers/zeek-logs';

const REPO = join(__dirname, '..', '..');
const CLIENT = { ip: '192.0.2.10', port: 50000 };
const SERVER = { ip: '198.51.100.20', port: 443 };
/** Seeds longer than this are cut (a prefix of a capture is still a capture, ending in a truncation). */
const MAX_SEED = 256 * 1024;

function corpusFiles(sub: string, keep: (name: string) => boolean): Buffer[] {
  const dir = join(CORPUS_DIR, sub);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter(keep).sort().map((n) => readFileSync(join(dir, n)).subarray(0, MAX_SEED));
}

let certs: Buffer[] | undefined;
/** A small chain made by openssl (leaf and issuer), reused by the builders. */
function chain(): Buffer[] {
  certs ??= [makeCert('fuzz.example', 'seed'), makeCert('Fuzz Issuing CA')];
  return certs;
}

function clientHello(): Buffer {
  return record(CT.HANDSHAKE, 0x0301, handshake(HS.CLIENT_HELLO, clientHelloBody({ sni: 'fuzz.example', alpn: ['h2'] })));
}

function serverFlight(tls13 = false): Buffer {
  if (tls13) return record(CT.HANDSHAKE, 0x0303, handshake(HS.SERVER_HELLO, serverHelloBody({ cipher: 0x1301, selectedVersion: 0x0304 })));
  return records(CT.HANDSHAKE, 0x0303, Buffer.concat([
    handshake(HS.SERVER_HELLO, serverHelloBody({ alpn: 'h2' })),
    handshake(HS.CERTIFICATE, certificateBody(chain())),
    handshake(HS.SERVER_HELLO_DONE, Buffer.alloc(0)),
  ]), 1000);
}

/** The TLS bytes of each side framed as OpenVPN control packets (a hard reset, then P_CONTROL_V1s of 300 bytes). */
function openVpnPackets(tlsBytes: Buffer, server: boolean): Buffer[] {
  const sid = Buffer.alloc(8, server ? 0x22 : 0x11);
  const peer = Buffer.alloc(8, server ? 0x11 : 0x22);
  const out = [server
    ? Buffer.concat([Buffer.from([8 << 3]), sid, Buffer.from([1, 0, 0, 0, 0]), peer, Buffer.alloc(4)])
    : Buffer.concat([Buffer.from([7 << 3]), sid, Buffer.from([0]), Buffer.alloc(4)])];
  for (let off = 0, pid = 1; off < tlsBytes.length; off += 300, pid++) {
    const id = Buffer.alloc(4);
    id.writeUInt32BE(pid);
    out.push(Buffer.concat([Buffer.from([4 << 3]), sid, Buffer.from([0]), id, tlsBytes.subarray(off, off + 300)]));
  }
  return out;
}

const lengthPrefixed = (p: Buffer): Buffer => Buffer.concat([Buffer.from([p.length >> 8, p.length & 0xff]), p]);

/** A two-direction script (see targets.ts `steps`). */
function script(parts: Array<{ dir: 0 | 1; data: Buffer; gap?: boolean }>): Buffer {
  return Buffer.concat(parts.map((p) => Buffer.concat([Buffer.from([p.dir | (p.gap ? 2 : 0), p.data.length >> 8, p.data.length & 0xff]), p.data])));
}

export function tlsScripts(): Buffer[] {
  const ovpnClient = openVpnPackets(clientHello(), false).map(lengthPrefixed);
  const ovpnServer = openVpnPackets(serverFlight(), true).map(lengthPrefixed);
  return [
    script([{ dir: 0, data: clientHello() }, { dir: 1, data: serverFlight() }, { dir: 0, data: ccs() }, { dir: 1, data: ccs() }]),
    script([{ dir: 0, data: clientHello() }, { dir: 1, data: serverFlight(true) }]),
    script([{ dir: 1, data: Buffer.from('220 mail ESMTP\r\n') }, { dir: 0, data: Buffer.from('EHLO x\r\nSTARTTLS\r\n') }, { dir: 1, data: Buffer.from('220 go\r\n') },
      { dir: 0, data: clientHello() }, { dir: 1, data: serverFlight() }]),
    script([{ dir: 0, data: clientHello() }, { dir: 1, data: serverFlight().subarray(0, 700) }, { dir: 1, data: Buffer.alloc(0), gap: true }, { dir: 1, data: serverFlight().subarray(900) }]),
    script([{ dir: 0, data: ovpnClient[0] }, { dir: 1, data: ovpnServer[0] }, { dir: 0, data: Buffer.concat(ovpnClient.slice(1)) }, { dir: 1, data: Buffer.concat(ovpnServer.slice(1)) }]),
  ];
}

function dtlsDatagrams(): Array<{ dir: 0 | 1; data: Buffer }> {
  const cert = certificateBody(chain());
  return [
    { dir: 0, data: dtlsRecord(DCT.HANDSHAKE, DTLS1_2, 0, 0, dtlsFragment(HS.CLIENT_HELLO, 0, dtlsClientHelloBody({ sni: 'fuzz.example' }))) },
    { dir: 1, data: dtlsRecord(DCT.HANDSHAKE, DTLS1_2, 0, 0, dtlsFragment(HS.SERVER_HELLO, 0, dtlsServerHelloBody())) },
    { dir: 1, data: dtlsRecord(DCT.HANDSHAKE, DTLS1_2, 0, 1, dtlsFragment(HS.CERTIFICATE, 1, cert, 0, 500)) },
    { dir: 1, data: dtlsRecord(DCT.HANDSHAKE, DTLS1_2, 0, 2, dtlsFragment(HS.CERTIFICATE, 1, cert, 500)) },
    { dir: 0, data: dtlsRecord(DCT.CCS, DTLS1_2, 0, 3, Buffer.from([1])) },
  ];
}

export function datagramScripts(): Buffer[] {
  const dtls = dtlsDatagrams();
  const capwap = dtls.map((d) => ({ dir: d.dir, data: Buffer.concat([Buffer.from([1, 0, 0, 0]), d.data]) }));
  const ovpn = [...openVpnPackets(clientHello(), false).map((data) => ({ dir: 0 as const, data })), ...openVpnPackets(serverFlight(), true).map((data) => ({ dir: 1 as const, data }))];
  return [script(dtls), script(capwap), script(ovpn)];
}

function pcapOf(exchange: Array<{ from: 'client' | 'server'; data: Buffer }>, mss = 536): Buffer {
  return writePcap(tcpConversation(CLIENT, SERVER, exchange, { mss }).map((p, i) => ({ time: 1767225600 + i / 100, data: ethernet(p) })));
}

function generatedCaptures(): Buffer[] {
  const tls = [{ from: 'client' as const, data: clientHello() }, { from: 'server' as const, data: serverFlight() }, { from: 'client' as const, data: ccs() }, { from: 'server' as const, data: ccs() }];
  const dtls = dtlsDatagrams().map((d, i) => ({ time: 1767225600 + i, data: ethernet(d.dir === 0 ? udpPacket(CLIENT, SERVER, d.data) : udpPacket(SERVER, CLIENT, d.data)) }));
  const ovpn = [
    ...openVpnPackets(clientHello(), false).map((data) => ({ from: 'client' as const, data: lengthPrefixed(data) })),
    ...openVpnPackets(serverFlight(), true).map((data) => ({ from: 'server' as const, data: lengthPrefixed(data) })),
  ];
  return [
    pcapOf(tls),
    writePcapngSection([{ linkType: LINKTYPE.ETHERNET, tsresol: 9 }], tcpConversation(CLIENT, SERVER, tls).map((p, i) => ({ time: 1767225600 + i, data: ethernet(p) }))),
    writePcap(dtls),
    pcapOf(ovpn, 1400),
  ];
}

export function captures(): Buffer[] {
  return [
    ...generatedCaptures(),
    readFileSync(join(REPO, 'captures', 't1587-samples.pcapng')).subarray(0, MAX_SEED),
    ...corpusFiles('pcap', (n) => /\.(pcap|pcapng|cap)$/.test(n)),
  ];
}

export function pcapngFiles(): Buffer[] {
  return captures().filter((b) => b.length >= 4 && b.readUInt32LE(0) === 0x0a0d0d0a);
}

export function tcpScripts(): Buffer[] {
  const step = (flags: number, offset: number, data: Buffer): Buffer => Buffer.concat([Buffer.from([flags, offset >> 8, offset & 0xff, data.length]), data]);
  const d = (n: number, fill: number): Buffer => Buffer.alloc(n, fill);
  return [
    Buffer.concat([step(1, 0, d(0, 0)), step(0, 1, d(100, 1)), step(0, 101, d(100, 2)), step(2, 201, d(10, 3))]),
    Buffer.concat([step(1, 0, d(0, 0)), step(0, 201, d(50, 1)), step(0, 101, d(100, 2)), step(0, 1, d(100, 3)), step(0, 150, d(80, 9))]),
    Buffer.concat([step(0, 500, d(200, 1)), step(4, 700, d(200, 2)), step(0, 300, d(255, 3)), step(3, 1000, d(5, 4))]),
  ];
}

export function certificates(): Buffer[] {
  const pems = corpusFiles('genuine-cas', (n) => n.endsWith('.pem')).map((b) => pemToDer(b.toString('latin1')));
  return [...chain(), ...pems];
}

export function zeekPairs(): Buffer[] {
  const dir = join(CORPUS_DIR, 'zeek-logs');
  const pairs: Buffer[] = [];
  if (existsSync(dir)) {
    for (const n of readdirSync(dir).filter((f) => f.endsWith('.ssl.log')).sort()) {
      const ssl = readFileSync(join(dir, n), 'utf8').replace(/XXXXXXXXXX\.XXXXXX/g, '1700000000.123456');
      const x509Path = join(dir, n.replace('.ssl.log', '.x509.log'));
      const x509 = existsSync(x509Path) ? readFileSync(x509Path, 'utf8').replace(/XXXXXXXXXX\.XXXXXX/g, '1700000000.123456') : '';
      pairs.push(Buffer.from(`${ssl}\0${x509}`));
      pairs.push(Buffer.from(`${tsvToJson(ssl)}\0${x509 && tsvToJson(x509)}`));
    }
  }
  const fields = '#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tssl\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tversion\tserver_name\testablished\tcert_chain_fps\n#types\ttime\tstring\taddr\tport\taddr\tport\tstring\tstring\tbool\tvector[string]\n';
  pairs.push(Buffer.from(`${fields}1700000000.000001\tC1\t10.0.0.1\t5000\t10.0.0.2\t443\tTLSv12\ta.example\tT\t${'ab'.repeat(32)}\n\0`));
  return pairs;
}

export function hostEvents(): Buffer[] {
  const made = [
    sysmonProcessXml({ utcTime: '2026-01-15 10:00:00.000', image: 'C:\\Tools\\openssl.exe', commandLine: 'openssl req -x509 -newkey rsa:2048 -nodes -subj "/CN=evil.example" -keyout k.pem -out c.pem' }),
    auditdExecLines({ sec: 1767225600, ms: 5, serial: 42, exe: '/usr/bin/openssl', argv: ['openssl', 'req', '-x509', '-subj', '/CN=x.example'] }).join('\n'),
    JSON.stringify({ '@timestamp': '2026-01-15T10:00:00Z', process: { executable: 'C:\\Windows\\System32\\certutil.exe', command_line: 'certutil -addstore Root evil.cer' }, host: { name: 'ws1' } }),
  ].map((t) => Buffer.from(t));
  return [...made, ...corpusFiles('host', (n) => /\.(xml|ndjson|json|log)$/.test(n)).map((b) => b.subarray(0, 64 * 1024))];
}

export function configs(): Buffer[] {
  return [
    'weights: { tool-default: 40, self-signed: 20 }\ndisabled: [random-looking-name]\nreuseThreshold: 3\nfreshHours: 24\nallowlist:\n  fingerprints: []\n  subjectPatterns: [\'^CN=.*\\.corp\\.example$\']\n  sniDomains: [corp.example]\n  serverCidrs: [10.0.0.0/8]\nhost:\n  acmeParentImages: [wacs.exe]\n',
    '{"weights":{"expired":3},"allowlist":{"subjectPatterns":["(a+)+$"],"serverCidrs":["2001:db8::/32"]}}',
  ].map((t) => Buffer.from(t));
}

export function exportLines(): Buffer[] {
  const sha = 'ab'.repeat(32);
  const cert = { type: 'cert', record: { sha256: sha, sha1: sha.slice(0, 40), subject: 'CN=a', issuer: 'CN=b', firstSeen: 1, lastSeen: 2, sightings: 1, servers: ['10.0.0.1|443'], serverTotal: 1, serverNames: ['a.example'], serverNameTotal: 1, roles: ['server'] } };
  const presence = { type: 'presence', kind: 'srv', place: '10.0.0.1|443', sha256: sha, record: { firstSeen: 1, lastSeen: 2, count: 1 } };
  const mark = { type: 'mark', id: sha, record: { kind: 'trusted', reason: 'ours', source: 'analyst', time: 3 } };
  return [[cert, presence, mark].map((l) => JSON.stringify(l)).join('\n'), JSON.stringify({ type: 'cert', record: { sha256: sha } })].map((t) => Buffer.from(t));
}
