/**
 * Issue 15 item 3: EVE written by the real Suricata 7 over the corpus captures (../shared/corpus/pcap, provenance
 * in ../shared/corpus/README.md) gives, read by certhound, the certificates the capture path gives: with
 * `custom: [..., chain]` the same certificates, DER for DER; without `chain` the same leaves by fingerprint, with
 * the same names and validity, and the same signals from every detector that needs no DER; alerts' tls metadata
 * the same leaves. Skipped, with a note on stderr, only when
 * Suricata is not installed (CI installs it).
 */
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { scan } from '../../src/pipeline/scan';
import type { Handshake } from '../../src/tls/types';
import type { FactsOf } from '../../src/pipeline/judge';
import { CORPUS_DIR } from '../helpers/corpus';
import { suricataEve, suricataPresent, SURICATA, type EveOutputs } from '../helpers/suricata';

const PCAPS = join(CORPUS_DIR, 'pcap');
const captures = existsSync(PCAPS) ? readdirSync(PCAPS).sort() : [];
const present = suricataPresent();
if (!present) process.stderr.write(`certhound: ${SURICATA} not found: the Suricata EVE conformance tests are skipped\n`);

/**
 * Connections with certificates the capture path reads and Suricata 7 logs none for, by capture, and why. These
 * are Suricata's limits, not the eve stage's: the test keeps them exact so that a change on either side shows.
 */
const UNLOGGED: Readonly<Record<string, number>> = {
  // Suricata 7 keeps no tls state for DTLS (UDP)
  'wireshark-snakeoil-dtls.pcap': 1, 'wireshark-udt-dtls.pcapng': 1, 'wireshark-udt-dtls.pcapng.gz': 1,
  'zeek-dtls1_0.pcap': 1, 'zeek-dtls1_2.pcap': 1, 'zeek-webrtc-stun.pcap': 1,
  // TLS after protocols Suricata 7 does not parse to their upgrade (STARTTLS of LDAP, IMAP, POP3, IRC, XMPP;
  // MySQL; SOCKS; PostgreSQL off its port) or an SSLv2 hello
  'suricata-ldap-starttls.pcap': 1, 'zeek-imap-starttls.pcap': 1, 'zeek-pop3-starttls.pcap': 1, 'zeek-irc-starttls.pcap': 1,
  'zeek-xmpp-starttls.pcap': 1, 'zeek-xmpp-dialback-starttls.pcap': 1, 'zeek-mysql-encrypted.pcap': 1, 'zeek-socks-with-ssl.pcap': 1,
  'zeek-psql-aws-ssl-require-15432.pcap': 1, 'zeek-ssl-v2.pcap': 1,
  // certificates its x509 parser refuses: the event carries no certificate (bug 1450's cut DER, an empty
  // issuer), or there is no tls event at all (an ML-DSA key: only the alert's metadata names the leaf)
  'suricata-bug-1450-04-tls_DER-incomplete-header.pcap': 1, 'suricata-bug-1450-05-tls_DER-incomplete-content.pcap': 1,
  'suricata-tls-issuer-zero.pcap': 1, 'zeek-ml-dsa-44-cert.pcap': 1,
};

/**
 * Detectors that read what only the DER tells: the chain's signatures (whether a genuine CA named as issuer signed
 * it), the key, the SAN, the extensions.
 */
const NEED_DER = new Set(['untrusted-chain', 'incomplete-chain', 'bad-signature', 'impersonates-known-ca', 'weak-crypto', 'missing-san', 'sni-mismatch', 'developer-default']);

/**
 * Signals above `info` that differ between a leaf's DER and its EVE fields for another reason, by capture: detectors
 * that weigh the chain's verdict (`untrusted` from the DER, `not-verifiable` from the fields). Kept exact, like UNLOGGED.
 * (`backdated` once differed on suricata-tls-certs-alert: a 2018 DigiCert leaf against the 2020 re-issue of its CA;
 * the name's 2013 first generation is now in the reference data.)
 */
const VERDICT_GATED: Readonly<Record<string, { fieldsOnly?: string[]; der?: string[] }>> = {
  'suricata-tls-cert-issuer.pcap': { fieldsOnly: ['validity-too-long'] },
  'suricata-tls-pre-1970.pcap': { fieldsOnly: ['validity-too-long'] },
  'wireshark-tls-renegotiation.pcap': { fieldsOnly: ['ip-or-localhost-name'] },
  'wireshark-tls12-chacha20poly1305.pcap': { fieldsOnly: ['ip-or-localhost-name'] },
  'zeek-globus-url-copy.pcap': { fieldsOnly: ['fresh-certificate'] },
  'zeek-pppoe-over-qinq.pcap': { fieldsOnly: ['random-looking-name'] },
  'suricata-tls-client-auth.pcap': { der: ['ip-or-localhost-name'] },
};

/** Each leaf's signals (SHA-1 → `id severity`), as the last document of its finding says them. */
async function signalsOf(path: string): Promise<Map<string, Map<string, string>>> {
  const out = new Map<string, Map<string, string>>();
  if (!existsSync(path)) return out;
  await scan([path], {
    onFinding: (e) => out.set(e.finding.facts.sha1, new Map(e.finding.signals.map((s) => [s.id, s.severity]))),
    onProblem: () => undefined,
  }, { minSeverity: 'info' });
  return out;
}

interface Seen {
  /** Each connection's chains (SHA-256 of each DER, in order), by `client server` endpoints. */
  conns: Map<string, { server: string[]; client: string[] }>;
  /** SHA-1 of each leaf (server and client), with its names, serial and validity. */
  leaves: Map<string, string>;
  /** SHA-1 of each server leaf. */
  serverLeaves: Set<string>;
  /** flow ids a source gave (EVE only). */
  flows: Set<string>;
}

const endpoint = (e: { ip: string; port: number }): string => `${e.ip}|${e.port}`;

async function seen(path: string): Promise<Seen> {
  const out: Seen = { conns: new Map(), leaves: new Map(), serverLeaves: new Set(), flows: new Set() };
  if (!existsSync(path)) return out;
  const note = (h: Handshake, factsOf: FactsOf): void => {
    if (h.flowId) out.flows.add(h.flowId);
    const ders = (certs: Handshake['serverChain']['certs']): string[] => certs.filter((c) => c.der).map((c) => c.sha256);
    const chains = { server: ders(h.serverChain.certs), client: ders(h.clientChain.certs) };
    if (chains.server.length + chains.client.length > 0) out.conns.set(`${endpoint(h.client)} ${endpoint(h.server)}`, chains);
    for (const [role, chain] of [['server', h.serverChain], ['client', h.clientChain]] as const) {
      const f = chain.certs[0] && factsOf(chain.certs[0]);
      if (!f) continue;
      out.leaves.set(f.sha1, [f.subject.rfc4514, f.issuer.rfc4514, f.serial, f.notBefore, f.notAfter].join(' | '));
      if (role === 'server') out.serverLeaves.add(f.sha1);
    }
  };
  await scan([path], { onConnection: note, onProblem: () => undefined }, { findings: false });
  return out;
}

(present && captures.length > 0 ? describe : describe.skip)('EVE from the real Suricata 7 against the capture path', () => {
  let eve: Map<string, EveOutputs>;
  beforeAll(async () => {
    eve = await suricataEve(captures.map((c) => join(PCAPS, c)));
  }, 180_000);

  test.each(captures)('%s', async (capture) => {
    const files = eve.get(capture) as EveOutputs;
    const fromPcap = await seen(join(PCAPS, capture));
    const withChain = await seen(files.withChain);
    const fieldsOnly = await seen(files.fieldsOnly);
    const alerts = await seen(files.alerts);
    // with chain: each connection Suricata logged has the capture path's chains, DER for DER
    for (const [conn, chains] of withChain.conns) {
      const truth = fromPcap.conns.get(conn);
      expect({ conn, server: chains.server, client: chains.client.length > 0 ? chains.client : truth?.client }).toEqual({ conn, ...truth });
    }
    const unlogged = [...fromPcap.conns.keys()].filter((c) => !withChain.conns.has(c));
    expect({ capture, unlogged: unlogged.length }).toEqual({ capture, unlogged: UNLOGGED[capture] ?? 0 });
    // without chain: the same leaves by fingerprint, with the same names and validity as the DER gives
    expect([...fieldsOnly.leaves.keys()].sort()).toEqual([...withChain.leaves.keys()].sort());
    for (const [sha1, described] of fieldsOnly.leaves) expect({ sha1, described }).toEqual({ sha1, described: fromPcap.leaves.get(sha1) });
    // alerts' tls metadata: the server leaves again (the rule fires on every server certificate), described alike;
    // an alert may name a leaf no tls event logged (zeek-ml-dsa-44-cert.pcap)
    for (const sha1 of fieldsOnly.serverLeaves) expect(alerts.serverLeaves).toContain(sha1);
    for (const [sha1, described] of alerts.leaves) expect({ sha1, described }).toEqual({ sha1, described: fromPcap.leaves.get(sha1) });
    if (withChain.conns.size > 0) expect(withChain.flows.size).toBeGreaterThan(0);
  });

  test.each(captures)('%s: the same signals from the detectors that need no DER', async (capture) => {
    const der = await signalsOf(join(PCAPS, capture));
    const fields = await signalsOf((eve.get(capture) as EveOutputs).fieldsOnly);
    const onlyFields: string[] = [];
    const onlyDer: string[] = [];
    for (const [sha1, signals] of fields) {
      const truth = der.get(sha1) ?? new Map<string, string>();
      // without the DER, a signature is no evidence either way: such signals say so at info
      for (const [id, severity] of signals) if (!truth.has(id) && severity !== 'info') onlyFields.push(id);
      for (const id of truth.keys()) if (!signals.has(id) && !NEED_DER.has(id)) onlyDer.push(id);
    }
    const expected = VERDICT_GATED[capture] ?? {};
    expect({ capture, fieldsOnly: [...new Set(onlyFields)].sort(), der: [...new Set(onlyDer)].sort() })
      .toEqual({ capture, fieldsOnly: expected.fieldsOnly ?? [], der: expected.der ?? [] });
    if (fields.size > 0) expect([...fields.keys()].every((sha1) => der.has(sha1))).toBe(true);
  });
});
