/**
 * Correlation of findings and host detections (issue 7, item 5): each link kind on its own, positive and negative,
 * the tie rule, scoring, suppressed detections, IPv6 endpoints and a rogue root further up a chain. Certificates are
 * made here with node-forge at fixed dates; detections come from CSE records through the host stage.
 */
import { caExtensions, leafExtensions, letsEncryptStyleChain, makeCert, rsaKey, type MadeCert } from '../helpers/detect-certs';
import { detectionOf, findingFor, findingsOf, seen } from '../helpers/hunt-fixtures';
import { correlate, linksBetween, DEFAULT_CORRELATE_OPTIONS, type Link } from '../../src/correlate';
import { SEVERITIES, SEVERITY_RANK, type Finding } from '../../src/detect/types';
import { SCORE_BANDS } from '../../src/detect/score';

const EVENT = '2026-03-10T09:00:00Z';
const HOST_IP = '10.1.2.3';
const GEN_CA = 'openssl req -x509 -newkey rsa:2048 -nodes -subj "/CN=Microsoft IT TLS CA 5" -days 365 -keyout ca.key -out ca.crt';

/** Storm-0501's spoofed CA, made a few seconds after the host event, and a leaf it signed. */
function spoofChain(): { ca: MadeCert; leaf: MadeCert } {
  const ca = makeCert({
    subject: [['CN', 'Microsoft IT TLS CA 5']], key: rsaKey(2048, 65537, 30),
    notBefore: '2026-03-10T09:00:05Z', notAfter: '2027-03-10T09:00:05Z', extensions: caExtensions(),
  });
  const leaf = makeCert({
    subject: [['CN', 'login.microsoftonline-auth.com']], issuer: ca, key: rsaKey(2048, 65537, 31),
    notBefore: '2026-03-10T09:01:00Z', notAfter: '2026-06-10T09:01:00Z', extensions: leafExtensions(['login.microsoftonline-auth.com', 'Portal.Example-Auth.com']),
  });
  return { ca, leaf };
}

/** An ordinary leaf with an old notBefore (made long before any host event here). */
function oldLeaf(cn: string): MadeCert {
  return makeCert({
    subject: [['CN', cn]], key: rsaKey(2048, 65537, 32),
    notBefore: '2025-01-01T00:00:00Z', notAfter: '2027-01-01T00:00:00Z', extensions: leafExtensions([cn]),
  });
}

function kinds(links: Link[]): string[] {
  return links.map((l) => l.kind).sort();
}

describe('links', () => {
  const { ca, leaf } = spoofChain();
  const findings = findingsOf([{ chain: [leaf.facts, ca.facts], sightings: [seen('2026-03-10T09:10:00Z', HOST_IP, '192.0.2.10')] }]);
  const caFinding = findingFor(findings, ca.facts);
  const leafFinding = findingFor(findings, leaf.facts);

  it('name: the -subj CN equals a CA certificate\'s subject CN (case-insensitive), at chain position 1', () => {
    expect(caFinding.position).toBe(1);
    const d = detectionOf({ time: '2026-02-01T00:00:00Z', ip: '198.51.100.9', commandLine: GEN_CA.replace('Microsoft IT TLS CA 5', 'microsoft it tls CA 5') });
    const links = linksBetween(caFinding, d);
    expect(links).toEqual([{ kind: 'name', evidence: "command line names 'microsoft it tls CA 5' = certificate subject CN (chain position 1)" }]);
    expect(linksBetween(leafFinding, d)).toEqual([]);
  });

  it('name: a DNS name of -addext subjectAltName equals a SAN of the leaf (case-insensitive)', () => {
    const d = detectionOf({ time: '2026-02-01T00:00:00Z', commandLine: 'openssl req -x509 -newkey rsa:2048 -nodes -subj "/CN=portal" -addext "subjectAltName=DNS:portal.example-auth.com" -keyout k -out c' });
    expect(linksBetween(leafFinding, d)).toEqual([{ kind: 'name', evidence: "command line names 'portal.example-auth.com' = certificate SAN (leaf)" }]);
  });

  it('name: another CN, or a CN that only contains the certificate\'s, is no link', () => {
    expect(linksBetween(caFinding, detectionOf({ time: '2026-02-01T00:00:00Z', commandLine: GEN_CA.replace('CA 5', 'CA 4') }))).toEqual([]);
    expect(linksBetween(caFinding, detectionOf({ time: '2026-02-01T00:00:00Z', commandLine: GEN_CA.replace('Microsoft IT TLS CA 5', 'Microsoft IT TLS CA 5 Backup') }))).toEqual([]);
  });

  it('thumbprint: a Root store registry key naming the SHA-1 of the CA certificate served above the leaf', () => {
    const key = `HKLM\\SOFTWARE\\Microsoft\\SystemCertificates\\Root\\Certificates\\${ca.facts.sha1.toUpperCase()}`;
    const d = detectionOf({ time: '2026-01-05T00:00:00Z', ip: '198.51.100.77', image: 'C:\\Windows\\System32\\certutil.exe', changeTarget: key });
    expect(linksBetween(caFinding, d)).toEqual([{ kind: 'thumbprint', evidence: `registry key of store Root names SHA-1 ${ca.facts.sha1} = certificate in an observed chain (chain position 1)` }]);
    expect(linksBetween(leafFinding, d)).toEqual([]);
    const incidents = correlate(findings, [d]);
    expect(incidents.map((i) => i.finding.sha256)).toEqual([ca.facts.sha256]);
  });

  it('thumbprint: another SHA-1 is no link', () => {
    const key = `HKLM\\SOFTWARE\\Microsoft\\SystemCertificates\\Root\\Certificates\\${leaf.facts.sha1.replace(/^./, (c) => (c === '0' ? '1' : '0'))}`;
    expect(linksBetween(leafFinding, detectionOf({ time: '2026-01-01T00:00:00Z', image: 'C:\\Windows\\System32\\certutil.exe', changeTarget: key }))).toEqual([]);
  });

  it('address: the host is the TLS server that presented it, or the client that received it', () => {
    const server = detectionOf({ time: '2026-01-01T00:00:00Z', ip: HOST_IP, commandLine: 'openssl genrsa -out k.pem 2048' });
    expect(linksBetween(leafFinding, server)).toEqual([{ kind: 'address', evidence: `host web01 (${HOST_IP}) is TLS server ${HOST_IP}:443, which presented it` }]);
    const client = detectionOf({ time: '2026-01-01T00:00:00Z', host: 'ws7', ip: '192.0.2.10', commandLine: 'openssl genrsa -out k.pem 2048' });
    expect(linksBetween(leafFinding, client)).toEqual([{ kind: 'address', evidence: 'host ws7 (192.0.2.10) is a TLS client that received it' }]);
    const other = detectionOf({ time: '2026-01-01T00:00:00Z', ip: '10.1.2.30', commandLine: 'openssl genrsa -out k.pem 2048' });
    expect(linksBetween(leafFinding, other)).toEqual([]);
  });

  it('address: IPv6 servers match however the host source spells the address; IPv4-mapped matches IPv4', () => {
    const v6 = findingsOf([{ chain: [leaf.facts, ca.facts], sightings: [seen('2026-03-10T09:10:00Z', '2001:db8::5', '2001:db8::77')] }]);
    const f = findingFor(v6, leaf.facts);
    expect(f.sightings.servers).toEqual(['[2001:db8::5]:443']);
    for (const spelled of ['2001:DB8:0:0:0:0:0:5', '[2001:db8::5]', '2001:db8:0::5%eth0']) {
      const d = detectionOf({ time: '2026-01-01T00:00:00Z', ip: spelled, commandLine: 'openssl genrsa 2048' });
      expect(kinds(linksBetween(f, d))).toEqual(['address']);
    }
    expect(kinds(linksBetween(f, detectionOf({ time: '2026-01-01T00:00:00Z', ip: '2001:db8::77', commandLine: 'openssl genrsa 2048' })))).toEqual(['address']);
    expect(linksBetween(f, detectionOf({ time: '2026-01-01T00:00:00Z', ip: '2001:db8::6', commandLine: 'openssl genrsa 2048' }))).toEqual([]);
    const mapped = detectionOf({ time: '2026-01-01T00:00:00Z', ip: `::ffff:${HOST_IP}`, commandLine: 'openssl genrsa 2048' });
    expect(kinds(linksBetween(leafFinding, mapped))).toEqual(['address']);
  });

  it('address: a host whose events carry no address (Sysmon) takes the one given for its name, short or full', () => {
    const sysmonLike = detectionOf({ time: '2026-01-01T00:00:00Z', host: 'WEB01.corp.example', commandLine: 'openssl genrsa 2048' });
    expect(sysmonLike.event.hostIp).toBeUndefined();
    expect(linksBetween(leafFinding, sysmonLike)).toEqual([]);
    for (const name of ['web01', 'web01.corp.example']) {
      const o = { ...DEFAULT_CORRELATE_OPTIONS, hostAddresses: new Map([[name, ['10.9.9.9', HOST_IP]]]) };
      expect(linksBetween(leafFinding, sysmonLike, o)).toEqual([
        { kind: 'address', evidence: `host WEB01.corp.example (${HOST_IP}, address given for the host) is TLS server ${HOST_IP}:443, which presented it` },
      ]);
    }
    // The event's own address wins over the one given; an own "address" that is none does not.
    const own = detectionOf({ time: '2026-01-01T00:00:00Z', host: 'web01', ip: '10.9.9.9', commandLine: 'openssl genrsa 2048' });
    const given = { ...DEFAULT_CORRELATE_OPTIONS, hostAddresses: new Map([['web01', [HOST_IP]]]) };
    expect(linksBetween(leafFinding, own, given)).toEqual([]);
    expect(kinds(linksBetween(leafFinding, { ...own, event: { ...own.event, hostIp: 'n/a' } }, given))).toEqual(['address']);
  });

  it('time: notBefore within the window after the event (openssl stamps it at generation), not a day later', () => {
    const d = detectionOf({ time: EVENT, ip: '198.51.100.9', commandLine: 'openssl genrsa 2048' });
    expect(linksBetween(caFinding, d)).toEqual([{ kind: 'time', basis: 'not-before', evidence: 'notBefore 2026-03-10T09:00:05Z is 5 s after the host event' }]);
    const dayBefore = detectionOf({ time: '2026-03-09T09:00:00Z', ip: '198.51.100.9', commandLine: 'openssl genrsa 2048' });
    expect(linksBetween(caFinding, dayBefore)).toEqual([]);
    // Clock skew: a notBefore a minute before the event still counts, three minutes before does not.
    expect(kinds(linksBetween(caFinding, detectionOf({ time: '2026-03-10T09:01:05Z', commandLine: 'openssl genrsa 2048' })))).toEqual(['time']);
    // Three minutes before is past the skew: only the sighting (09:10, seven minutes after the event) still counts.
    expect(linksBetween(caFinding, detectionOf({ time: '2026-03-10T09:03:05Z', commandLine: 'openssl genrsa 2048' })).map((l) => l.basis)).toEqual(['first-seen']);
  });

  it('time: the first sighting within the window when notBefore is older; the window is an option', () => {
    const old = oldLeaf('intranet.example');
    const f = findingFor(findingsOf([{ chain: [old.facts], sightings: [seen('2026-03-10T11:00:00Z', HOST_IP)] }]), old.facts);
    const d = detectionOf({ time: '2026-03-10T10:40:00Z', commandLine: 'openssl genrsa 2048' });
    expect(linksBetween(f, d)).toEqual([{ kind: 'time', basis: 'first-seen', evidence: 'first seen on the network 2026-03-10T11:00:00.000Z, 20 min after the host event' }]);
    const early = detectionOf({ time: '2026-03-10T08:00:00Z', commandLine: 'openssl genrsa 2048' });
    expect(linksBetween(f, early)).toEqual([]);
    expect(kinds(linksBetween(f, early, { ...DEFAULT_CORRELATE_OPTIONS, windowMs: 4 * 3600_000 }))).toEqual(['time']);
    // After the sighting: the certificate was there before the command ran.
    expect(linksBetween(f, detectionOf({ time: '2026-03-10T11:30:00Z', commandLine: 'openssl genrsa 2048' }))).toEqual([]);
  });
});

describe('tie rule', () => {
  const old = oldLeaf('intranet.example');
  const presented = { chain: [old.facts], sightings: [seen('2026-03-10T09:20:00Z', HOST_IP)] };

  it('an address alone is no incident (the host ran openssl a day before)', () => {
    const d = detectionOf({ time: '2026-03-09T09:00:00Z', ip: HOST_IP, commandLine: 'openssl genrsa 2048' });
    expect(kinds(linksBetween(findingsOf([presented])[0], d))).toEqual(['address']);
    expect(correlate(findingsOf([presented]), [d])).toEqual([]);
  });

  it('time alone is no incident (another host ran openssl just before)', () => {
    const d = detectionOf({ time: '2026-03-10T09:05:00Z', ip: '10.9.9.9', commandLine: 'openssl genrsa 2048' });
    expect(kinds(linksBetween(findingsOf([presented])[0], d))).toEqual(['time']);
    expect(correlate(findingsOf([presented]), [d])).toEqual([]);
  });

  it('address and time together tie a leaf', () => {
    const d = detectionOf({ time: '2026-03-10T09:05:00Z', ip: HOST_IP, commandLine: 'openssl genrsa 2048' });
    const incidents = correlate(findingsOf([presented]), [d]);
    expect(incidents).toHaveLength(1);
    expect(kinds(incidents[0].detections[0].links)).toEqual(['address', 'time']);
  });

  it('address and a first sighting do not tie an old CA certificate above a new leaf; a notBefore in the window does', () => {
    const { root, intermediate, leaf, trust } = letsEncryptStyleChain();
    const fresh = makeCert({
      subject: [['CN', 'www.example.org']], issuer: intermediate, key: rsaKey(2048, 65537, 33),
      notBefore: '2026-03-10T09:03:00Z', notAfter: '2026-06-08T09:03:00Z', extensions: leafExtensions(['www.example.org']),
    });
    void leaf;
    const findings = findingsOf([{ chain: [fresh.facts, intermediate.facts, root.facts], sightings: [seen('2026-03-10T09:20:00Z', HOST_IP)] }], trust);
    const d = detectionOf({ time: '2026-03-10T09:00:00Z', ip: HOST_IP, commandLine: 'openssl genrsa 2048' });
    expect(kinds(linksBetween(findingFor(findings, intermediate.facts), d))).toEqual(['address', 'time']);
    expect(correlate(findings, [d]).map((i) => i.finding.sha256)).toEqual([fresh.facts.sha256]);
  });
});

describe('incidents', () => {
  const { ca, leaf } = spoofChain();
  const findings = findingsOf([{ chain: [leaf.facts, ca.facts], sightings: [seen('2026-03-10T09:10:00Z', HOST_IP)] }]);
  const made = detectionOf({ time: EVENT, ip: HOST_IP, commandLine: GEN_CA });

  it('scores name + address + time on top of the finding, and steps the severity up once for corroborated names', () => {
    const incidents = correlate(findings, [made]);
    const ci = incidents.find((i) => i.finding.sha256 === ca.facts.sha256)!;
    expect(kinds(ci.detections[0].links)).toEqual(['address', 'name', 'time']);
    const base = Math.max(SEVERITY_RANK[ci.finding.severity], SEVERITY_RANK[made.verdict.severity]);
    expect(ci.severity).toBe(SEVERITIES[Math.min(base + 1, 4)]);
    const [lo, hi] = SCORE_BANDS[ci.severity];
    expect(ci.score).toBe(Math.min(hi, Math.max(lo, ci.finding.score + 25 + 15 + 10)));
    // The leaf: address and time (its notBefore is a minute after the event), no name of its own (the command named
    // its issuer): a weak tie, listed as such, that raises nothing.
    const li = incidents.find((i) => i.finding.sha256 === leaf.facts.sha256)!;
    expect(kinds(li.detections[0].links)).toEqual(['address', 'time']);
    expect(li.detections[0].weak).toBe(true);
    expect(li.detections[0].links.find((l) => l.kind === 'address')?.evidence).toMatch(/\(weak: address and time only, nothing the host event names is this certificate\)$/);
    expect([li.severity, li.score]).toEqual([li.finding.severity, li.finding.score]);
  });

  it('a certificate a trusted CA signed is not raised by the host (a CSR, then the CA-issued certificate)', () => {
    const { root, intermediate, trust } = letsEncryptStyleChain();
    const issued = makeCert({
      subject: [['CN', 'www.example.org']], issuer: intermediate, key: rsaKey(2048, 65537, 34),
      notBefore: '2026-03-10T09:03:00Z', notAfter: '2026-06-08T09:03:00Z', extensions: leafExtensions(['www.example.org']),
    });
    const f = findingsOf([{ chain: [issued.facts, intermediate.facts, root.facts], sightings: [seen('2026-03-10T09:20:00Z', HOST_IP)] }], trust);
    const csr = detectionOf({ time: EVENT, ip: HOST_IP, commandLine: 'openssl req -new -newkey rsa:2048 -nodes -subj "/CN=www.example.org" -keyout k.pem -out r.csr' });
    const [incident] = correlate(f, [csr]);
    expect(incident.finding.trust.verdict).toBe('trusted');
    expect(kinds(incident.detections[0].links)).toEqual(['address', 'name', 'time']);
    expect(incident.severity).toBe(SEVERITIES[Math.max(SEVERITY_RANK[incident.finding.severity], SEVERITY_RANK.low)]);
  });

  it('lists several detections, the strongest tie first, and sorts incidents most severe first', () => {
    const nameOnly = detectionOf({ time: '2026-01-01T00:00:00Z', ip: '10.7.7.7', commandLine: GEN_CA });
    const incidents = correlate(findings, [nameOnly, made]);
    const ci = incidents.find((i) => i.finding.sha256 === ca.facts.sha256)!;
    expect(ci.detections.map((l) => l.detection)).toEqual([made, nameOnly]);
    for (let i = 1; i < incidents.length; i++) expect(SEVERITY_RANK[incidents[i - 1].severity]).toBeGreaterThanOrEqual(SEVERITY_RANK[incidents[i].severity]);
  });

  it('ignores suppressed detections unless asked; then the incident says it is suppressed and why', () => {
    const dev = makeCert({ subject: [['CN', 'localhost']], key: rsaKey(2048, 65537, 35), notBefore: '2026-03-10T09:00:02Z', notAfter: '2026-04-10T00:00:00Z' });
    const f = findingsOf([{ chain: [dev.facts], sightings: [seen('2026-03-10T09:10:00Z', HOST_IP)] }]);
    const d = detectionOf({ time: EVENT, ip: HOST_IP, commandLine: 'openssl req -x509 -newkey rsa:2048 -nodes -subj "/CN=localhost" -days 30 -keyout k -out c' });
    expect(d.suppressed).toBeDefined();
    expect(correlate(f, [d])).toEqual([]);
    const [shown] = correlate(f, [d], { ...DEFAULT_CORRELATE_OPTIONS, includeSuppressed: true });
    expect(shown.suppressed).toEqual({ reason: d.suppressed!.reason });
    expect(kinds(shown.detections[0].links)).toEqual(['address', 'name', 'time']);
  });

  it('leaves out allowlisted (suppressed) findings', () => {
    const f: Finding[] = findings.map((x) => ({ ...x, severity: 'info', score: 0, suppressed: { reason: 'allowlist: test', severity: x.severity, score: x.score } }));
    expect(correlate(f, [made])).toEqual([]);
  });
});

describe('hunt weighs its links (issue 13)', () => {
  // A forged PayPal certificate made a few seconds after the host event, served from the host.
  const paypal = makeCert({
    subject: [['C', 'US'], ['O', 'PayPal, Inc.'], ['CN', 'www.paypal.com']], key: rsaKey(2048, 65537, 36),
    notBefore: '2026-03-10T09:00:20Z', notAfter: '2027-03-10T09:00:20Z', extensions: leafExtensions(['www.paypal.com', 'paypal.com']),
  });
  const findings = findingsOf([{ chain: [paypal.facts], sightings: [seen('2026-03-10T09:10:00Z', HOST_IP)] }]);

  it('a command line naming another subject does not tie the certificate, however close in address and time', () => {
    const other = detectionOf({ time: EVENT, ip: HOST_IP, commandLine: 'openssl req -x509 -newkey rsa:2048 -nodes -subj "/CN=evil-c2.example" -days 30 -keyout k -out c' });
    expect(kinds(linksBetween(findings[0], other))).toEqual(['address', 'time']);
    expect(correlate(findings, [other])).toEqual([]);
    const otherSan = detectionOf({ time: EVENT, ip: HOST_IP, commandLine: 'openssl req -new -key k -addext "subjectAltName=DNS:evil-c2.example" -subj "/O=x" -out r.csr' });
    expect(correlate(findings, [otherSan])).toEqual([]);
  });

  it('a command line naming the certificate ties it strongly and raises the incident', () => {
    const same = detectionOf({ time: EVENT, ip: HOST_IP, commandLine: 'openssl req -x509 -newkey rsa:2048 -nodes -subj "/C=US/O=PayPal, Inc./CN=www.paypal.com" -days 365 -keyout k -out c' });
    const [incident] = correlate(findings, [same]);
    expect(incident.detections[0].weak).toBeUndefined();
    expect(SEVERITY_RANK[incident.severity]).toBeGreaterThan(SEVERITY_RANK[incident.finding.severity]);
  });

  it('address and time alone are a weak tie: listed, said to be weak, raising nothing', () => {
    const vague = detectionOf({ time: EVENT, ip: HOST_IP, commandLine: 'openssl genrsa -out k 2048' });
    expect(vague.verdict.severity).not.toBe('info');
    const [incident] = correlate(findings, [vague]);
    expect(incident.detections[0].weak).toBe(true);
    expect(incident.detections[0].links.map((l) => l.evidence).join(' ')).toContain('weak: address and time only');
    expect([incident.severity, incident.score]).toEqual([incident.finding.severity, incident.finding.score]);
  });

  it('an incident score sits in its severity band', () => {
    const made = detectionOf({ time: EVENT, ip: HOST_IP, commandLine: 'openssl req -x509 -newkey rsa:2048 -nodes -subj "/CN=www.paypal.com" -days 365 -keyout k -out c' });
    for (const i of correlate(findings, [made])) {
      const [lo, hi] = SCORE_BANDS[i.severity];
      expect(i.score).toBeGreaterThanOrEqual(lo);
      expect(i.score).toBeLessThanOrEqual(hi);
    }
  });
});
