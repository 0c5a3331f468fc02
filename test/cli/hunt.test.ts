/**
 * certhound hunt end to end (issue 7, "done when"): the test runs the openssl command of Atomic Red Team's T1587.003
 * test 2 / Storm-0501 (`-subj "/CN=Microsoft IT TLS CA 5"`, seed file /work/shared/seed/), writes the host event
 * for it as a Sumo CSE record (device_ip = the TLS server), serves the certificate in a capture built here a few
 * minutes later, and expects one incident tied by name, address and time; an unrelated host event ties nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, ndjson } from '../helpers/run-cli';
import { cseRecord } from '../helpers/hunt-fixtures';
import { sysmonProcessXml } from '../helpers/host-events';
import { unmask } from '../helpers/zeek-logs';
import { CT, HS, certificateBody, clientHelloBody, handshake, record, serverHelloBody } from '../helpers/tls-messages';
import { tcpConversation } from '../helpers/frames';
import { LINKTYPE, writePcap } from '../helpers/pcap-writer';

const CLIENT = { ip: '192.0.2.50', port: 50123 };

/** A TLS 1.2 handshake in which `server` presents `chain` (leaf first), as raw-IP frames starting at `atMs`. */
function servedCapture(chain: Buffer[], server: { ip: string; port: number }, client: { ip: string; port: number }, atMs: number): Buffer {
  const packets = tcpConversation(client, server, [
    { from: 'client', data: record(CT.HANDSHAKE, 0x0301, handshake(HS.CLIENT_HELLO, clientHelloBody({ sni: 'login.microsoftonline-auth.com' }))) },
    { from: 'server', data: record(CT.HANDSHAKE, 0x0303, Buffer.concat([
      handshake(HS.SERVER_HELLO, serverHelloBody()),
      handshake(HS.CERTIFICATE, certificateBody(chain)),
      handshake(HS.SERVER_HELLO_DONE, Buffer.alloc(0)),
    ])) },
  ]);
  return writePcap(packets.map((data, i) => ({ time: atMs / 1000 + i * 0.001, data })), { linkType: LINKTYPE.RAW });
}

describe('certhound hunt', () => {
  let dir: string;
  /** The command line as a process event records it, and when it ran. */
  let commandLine: string;
  let ranAt: number;
  let der: Buffer;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'certhound-hunt-'));
    const args = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=Microsoft IT TLS CA 5', '-days', '365', '-keyout', 'ca.key', '-out', 'ca.crt'];
    commandLine = `openssl ${args.map((a) => (a.includes(' ') ? `"${a}"` : a)).join(' ')}`;
    ranAt = Date.now();
    execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
    der = execFileSync('openssl', ['x509', '-in', join(dir, 'ca.crt'), '-outform', 'DER']);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function files(name: string, server: string, events: Array<Record<string, unknown>>): { pcap: string; host: string } {
    const pcap = join(dir, `${name}.pcap`);
    const host = join(dir, `${name}.jsonl`);
    writeFileSync(pcap, servedCapture([der], { ip: server, port: 443 }, server.includes(':') ? { ip: '2001:db8::50', port: 50123 } : CLIENT, ranAt + 4 * 60_000));
    writeFileSync(host, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    return { pcap, host };
  }

  it('reports one incident with name, address and time links and their evidence', () => {
    const f = files('made', '10.1.2.3', [cseRecord({ time: new Date(ranAt).toISOString(), host: 'web01', ip: '10.1.2.3', commandLine })]);
    const r = runCli(['hunt', '--no-baseline', '--format', 'ndjson', '--net', f.pcap, '--host', f.host]);
    expect(r.stderr).toBe('');
    const docs = ndjson(r.stdout);
    expect(docs).toHaveLength(1);
    const [doc] = docs;
    expect(doc.event.kind).toBe('alert');
    expect(doc.event.dataset).toBe('certhound.incident');
    expect(doc.tls.server.x509.subject.common_name).toEqual(['Microsoft IT TLS CA 5']);
    const opensslSha1 = execFileSync('openssl', ['x509', '-in', join(dir, 'ca.crt'), '-noout', '-fingerprint', '-sha1']).toString().trim().split('=')[1];
    expect(doc.tls.server.hash.sha1).toBe(opensslSha1.replace(/:/g, ''));
    expect(doc.host).toEqual({ name: ['web01'], ip: ['10.1.2.3'] });
    expect(doc.process.command_line).toEqual([commandLine]);
    const links = doc.certhound.links as Array<{ kind: string; evidence: string; basis?: string }>;
    expect(links.map((l) => l.kind).sort()).toEqual(['address', 'name', 'time']);
    expect(links.find((l) => l.kind === 'name')!.evidence).toBe("command line names 'Microsoft IT TLS CA 5' = certificate subject CN (leaf)");
    expect(links.find((l) => l.kind === 'address')!.evidence).toBe('host web01 (10.1.2.3) is TLS server 10.1.2.3:443, which presented it');
    const time = links.find((l) => l.kind === 'time')!;
    expect(time.basis).toBe('not-before');
    expect(time.evidence).toMatch(/^notBefore \S+Z is \d+ s (after|before) the host event$/); // key generation takes seconds on a busy machine
    // The self-issued "Microsoft IT TLS CA 5" is high or worse on its own (impersonates a known CA); a corroborated
    // name steps it up, to critical at most.
    expect(['high', 'critical']).toContain(doc.certhound.finding.severity);
    expect(doc.certhound.severity).toBe('critical');
    expect(doc.certhound.score).toBe(Math.min(100, doc.certhound.finding.score + 25 + 15 + 10));
    expect(doc.event.severity).toBe(99);
    expect(r.status).toBe(1);
    expect(runCli(['hunt', '--no-baseline', '--format', 'ndjson', '--fail-on', 'critical', '--min-severity', 'critical', '--net', f.pcap, '--host', f.host]).status).toBe(1);
  });

  it('reports none for an unrelated host event (another CN, another host, a day earlier) and exits 0', () => {
    const other = cseRecord({
      time: new Date(ranAt - 24 * 3600_000).toISOString(), host: 'build7', ip: '10.9.8.7',
      commandLine: 'openssl req -x509 -newkey rsa:2048 -nodes -subj "/CN=build-agent.internal" -days 365 -keyout b.key -out b.crt',
    });
    const f = files('unrelated', '10.1.2.3', [other]);
    const r = runCli(['hunt', '--no-baseline', '--format', 'ndjson', '--net', f.pcap, '--host', f.host]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
    const table = runCli(['hunt', '--no-baseline', '--format', 'table', '--net', f.pcap, '--host', f.host]);
    expect(table.stdout).toBe('INCIDENTS (0 at or above low; 1 certificates, 1 host detections in 1 events)\nnone\n');
  });

  it('ties an IPv6 server to the host however the event spells the address, and prints the links in the table', () => {
    const f = files('v6', '2001:db8::a:5', [cseRecord({ time: new Date(ranAt).toISOString(), host: 'web06', ip: '2001:DB8:0:0:0:0:A:5', commandLine })]);
    const r = runCli(['hunt', '--no-baseline', '--format', 'table', '--net', f.pcap, '--host', f.host]);
    expect(r.status).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('INCIDENTS (1 at or above low; 1 certificates, 1 host detections in 1 events)');
    expect(lines[1]).toMatch(/^CRITICAL +\d+ {2}CN=Microsoft IT TLS CA 5 {2}\[server leaf\] · seen 1× on \[2001:db8::a:5\]:443$/);
    expect(lines).toContain('           address    host web06 (2001:DB8:0:0:0:0:A:5) is TLS server [2001:db8::a:5]:443, which presented it');
    expect(lines.some((l) => l.startsWith('           name       command line names'))).toBe(true);
    expect(lines.some((l) => l.startsWith('           time       notBefore'))).toBe(true);
  });

  it('ties a rogue root installed in the Root store to the chain an interceptor later presented to that host', () => {
    const openssl = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=Inspection Root', '-days', '3650', '-keyout', 'root.key', '-out', 'root.crt',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=www.bank.example', '-keyout', 'leaf.key', '-out', 'leaf.csr']);
    openssl(['x509', '-req', '-in', 'leaf.csr', '-CA', 'root.crt', '-CAkey', 'root.key', '-CAcreateserial', '-days', '30', '-out', 'leaf.crt']);
    const derOf = (file: string) => execFileSync('openssl', ['x509', '-in', join(dir, file), '-outform', 'DER']);
    const sha1 = execFileSync('openssl', ['x509', '-in', join(dir, 'root.crt'), '-noout', '-fingerprint', '-sha1']).toString().trim().split('=')[1].replace(/:/g, '');
    const pcap = join(dir, 'intercepted.pcap');
    const host = join(dir, 'root-store.jsonl');
    writeFileSync(pcap, servedCapture([derOf('leaf.crt'), derOf('root.crt')], { ip: '203.0.113.80', port: 443 }, CLIENT, ranAt + 60_000));
    // Sysmon 13 as CSE maps it (changeTarget), the day before: certutil -addstore root on the victim (Atomic T1587.003 test 3).
    writeFileSync(host, JSON.stringify(cseRecord({
      time: new Date(ranAt - 24 * 3600_000).toISOString(), host: 'victim', ip: CLIENT.ip, image: 'C:\\Windows\\System32\\certutil.exe',
      changeTarget: `HKLM\\SOFTWARE\\Microsoft\\SystemCertificates\\ROOT\\Certificates\\${sha1}`,
    })) + '\n');
    const r = runCli(['hunt', '--no-baseline', '--format', 'ndjson', '--net', pcap, '--host', host]);
    expect(r.stderr).toBe('');
    const docs = ndjson(r.stdout);
    expect(docs).toHaveLength(1);
    // a CA certificate: the alert's indicator, never ECS's leaf fields
    expect(docs[0].tls).toBeUndefined();
    expect(docs[0].certhound.x509.sha1).toBe(sha1.toUpperCase());
    expect(docs[0].certhound.chain_position).toBe(1);
    expect(docs[0].registry.path).toEqual([`HKLM\\SOFTWARE\\Microsoft\\SystemCertificates\\ROOT\\Certificates\\${sha1}`]);
    expect(docs[0].certhound.links).toEqual([
      { kind: 'thumbprint', evidence: `registry key of store ROOT names SHA-1 ${sha1.toLowerCase()} = certificate in an observed chain (chain position 1)`, detection: 0 },
      { kind: 'address', evidence: `host victim (${CLIENT.ip}) is a TLS client that received it`, detection: 0 },
    ]);
  });

  it('leaves suppressed host detections out; --show-suppressed ties them, marked, without failing the run', () => {
    const cmd = 'openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost -days 30 -keyout dev.key -out dev.crt';
    const at = Date.now();
    execFileSync('openssl', cmd.split(' ').slice(1), { cwd: dir, stdio: 'ignore' });
    const pcap = join(dir, 'dev.pcap');
    const host = join(dir, 'dev.jsonl');
    writeFileSync(pcap, servedCapture([execFileSync('openssl', ['x509', '-in', join(dir, 'dev.crt'), '-outform', 'DER'])], { ip: '10.1.2.3', port: 8443 }, CLIENT, at + 60_000));
    writeFileSync(host, JSON.stringify(cseRecord({ time: new Date(at).toISOString(), ip: '10.1.2.3', commandLine: cmd })) + '\n');
    const hidden = runCli(['hunt', '--no-baseline', '--format', 'ndjson', '--fail-on', 'info', '--net', pcap, '--host', host]);
    expect(hidden.stdout).toBe('');
    expect(hidden.status).toBe(0);
    const shown = runCli(['hunt', '--no-baseline', '--format', 'ndjson', '--fail-on', 'info', '--show-suppressed', '--net', pcap, '--host', host]);
    const docs = ndjson(shown.stdout);
    expect(docs).toHaveLength(1);
    expect(docs[0].certhound.suppressed.reason).toMatch(/local development/);
    expect(docs[0].certhound.detections[0].suppressed).toEqual(docs[0].certhound.suppressed);
    expect(shown.status).toBe(0);
  });

  it('takes a Sysmon host\'s address from --host-address (Sysmon for Linux EID 1 names the computer only)', () => {
    const f = files('sysmon', '10.1.2.3', []);
    const utcTime = new Date(ranAt).toISOString().replace('T', ' ').replace('Z', '');
    writeFileSync(f.host, `<Events>${sysmonProcessXml({ utcTime, image: '/usr/bin/openssl', commandLine, computer: 'WEB01.corp.example' })}</Events>\n`);
    const kindsOf = (out: string) => ndjson(out).map((d) => d.certhound.links.map((l: { kind: string }) => l.kind).sort());
    const plain = runCli(['hunt', '--no-baseline', '--format', 'ndjson', '--net', f.pcap, '--host', f.host]);
    expect(plain.stderr).toBe('');
    expect(kindsOf(plain.stdout)).toEqual([['name', 'time']]);
    const given = runCli(['hunt', '--no-baseline', '--format', 'ndjson', '--host-address', 'web01=10.1.2.3', '--net', f.pcap, '--host', f.host]);
    expect(kindsOf(given.stdout)).toEqual([['address', 'name', 'time']]);
    expect(ndjson(given.stdout)[0].certhound.links.find((l: { kind: string }) => l.kind === 'address').evidence)
      .toBe('host WEB01.corp.example (10.1.2.3, address given for the host) is TLS server 10.1.2.3:443, which presented it');
    const bad = runCli(['hunt', '--no-baseline', '--host-address', 'web01', '--net', f.pcap, '--host', f.host]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/expected host=address/);
  });

  it('reads Zeek logs as --net: a CSR for the leaf\'s CN on its server ties the leaf, not the CAs above it', () => {
    // Zeek btest baseline logs of testing/btest/Traces/tls/tls1.2.pcap (/work/shared/corpus/zeek-logs/baselines.tsv),
    // their masked times replaced with 2026-03-10T09:00:00Z onwards.
    const corpus = join(__dirname, '..', '..', '..', 'shared', 'corpus', 'zeek-logs');
    const start = Date.parse('2026-03-10T09:00:00Z') / 1000;
    for (const log of ['ssl', 'x509']) {
      writeFileSync(join(dir, `tls12.${log}.log`), unmask(readFileSync(join(corpus, `zeek-tls1.2.pcap.${log}.log`), 'utf8'), start));
    }
    const host = join(dir, 'taleo.jsonl');
    writeFileSync(host, JSON.stringify(cseRecord({
      time: '2026-03-10T08:50:00Z', host: 'taleo-web', ip: '68.233.76.12',
      commandLine: 'openssl req -new -newkey rsa:2048 -nodes -subj "/CN=*.taleo.net" -keyout taleo.key -out taleo.csr',
    })) + '\n');
    const r = runCli(['hunt', '--no-baseline', '--format', 'ndjson', '--net', join(dir, 'tls12.ssl.log'), join(dir, 'tls12.x509.log'), '--host', host]);
    expect(r.stderr).toBe('');
    const docs = ndjson(r.stdout);
    expect(docs.map((d) => d.tls.server.x509.subject.common_name)).toEqual([['*.taleo.net']]);
    expect(docs[0].certhound.links.map((l: { kind: string; basis?: string }) => `${l.kind}${l.basis ? `/${l.basis}` : ''}`)).toEqual([
      'name', 'address', 'time/first-seen',
    ]);
    expect(docs[0].certhound.links[2].evidence).toBe('first seen on the network 2026-03-10T09:00:00.000Z, 10 min after the host event');
  });

  it('is a usage error without --host, or with a window that is no positive number of minutes', () => {
    const f = files('usage', '10.1.2.3', []);
    expect(runCli(['hunt', '--no-baseline', '--net', f.pcap]).status).toBe(2);
    const bad = runCli(['hunt', '--no-baseline', '--window', 'soon', '--net', f.pcap, '--host', f.host]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/window must be a number of minutes/);
    const stdinTwice = runCli(['hunt', '--no-baseline', '--net', '-', '--host', '-'], { input: '' });
    expect(stdinTwice.status).toBe(2);
    expect(stdinTwice.stderr).toBe('certhound: stdin (-) can feed --net or --host, not both\n');
  });
});
