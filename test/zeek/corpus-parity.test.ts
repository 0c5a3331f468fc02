/**
 * The log path against the capture path, capture by capture: for every corpus capture whose Zeek logs lie in
 * /work/shared/corpus/zeek-logs or its crosscheck-only/ (ssl.log + x509.log, btest baselines made by Zeek from that very capture),
 * `scan` over the logs and `scan` over the pcap must find the same certificates (SHA-256, subject, issuer,
 * validity) and raise the same signals, apart from the detectors that need what a log does not carry.
 * The baselines mask `ts`; each ssl line gets the time of the capture's handshake on the same connection.
 */
import 'reflect-metadata';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scan } from '../../src/pipeline/scan';
import { FindingCollector } from '../../src/pipeline/collect-findings';

const CORPUS = join(__dirname, '../../../shared/corpus');

/**
 * Signals only the capture path can decide, with why:
 * - self-signed, self-issued-bad-signature: need the signature checked with the DER (x509.log has no signature);
 *   the log path cannot tell a self-issued certificate whose signature verifies from one whose does not.
 * - untrusted-chain: path building and signature checks against Mozilla's roots need the DER.
 * - incomplete-chain: needs the authority/subject key ids (not logged by Zeek).
 * And on the log path only: impersonates-known-ca at `info` saying the key or signature is "not verifiable from
 * Zeek logs" (a certificate named like a known CA whose key the log cannot show); at any other severity it counts.
 */
const NEEDS_DER = new Set(['self-signed', 'self-issued-bad-signature', 'untrusted-chain', 'incomplete-chain']);

/**
 * ssl lines of connections the capture path does not see as TLS, left out of the comparison. GridFTP's control
 * channel carries a TLS handshake base64-encoded inside FTP ADAT commands: Zeek reports that chain, raw TLS
 * extractors do not (expected.json, `zeek-globus-url-copy.pcap` notes).
 */
const ONLY_ZEEK_SEES: Record<string, number> = { 'zeek-globus-url-copy.pcap': 1 };

/** `#fields` column index of a TSV log. */
function columns(text: string): Map<string, number> {
  const line = text.split('\n').find((l) => l.startsWith('#fields\t')) ?? '';
  return new Map(line.split('\t').slice(1).map((name, i) => [name, i]));
}

/**
 * The ssl log with each masked ts set to the capture's time for that connection; lines of connections the
 * capture path has no handshake for are left out and counted.
 */
function unmasked(ssl: string, times: Map<string, string>): { text: string; unmatched: number } {
  const col = columns(ssl);
  const at = (name: string) => col.get(name) as number;
  let unmatched = 0;
  const lines: string[] = [];
  for (const line of ssl.split('\n')) {
    if (line === '' || line.startsWith('#')) {
      lines.push(line);
      continue;
    }
    const v = line.split('\t');
    const time = times.get([v[at('id.orig_h')], v[at('id.orig_p')], v[at('id.resp_h')], v[at('id.resp_p')]].join('|'));
    if (time === undefined) {
      unmatched++;
      continue;
    }
    v[at('ts')] = time;
    lines.push(v.join('\t'));
  }
  return { text: lines.join('\n'), unmatched };
}

function compared(s: { id: string; severity: string; reason: string }): boolean {
  if (NEEDS_DER.has(s.id)) return false;
  return !(s.id === 'impersonates-known-ca' && s.severity === 'info' && s.reason.includes('not verifiable from Zeek logs'));
}

interface Seen {
  facts: Record<string, [string, string, string, string]>;
  signals: Record<string, string[]>;
}

function seen(found: FindingCollector): Seen {
  const facts: Seen['facts'] = {};
  const signals: Seen['signals'] = {};
  for (const f of found.findings()) {
    // x509 lines of the ssl lines left out (connections the capture path has no handshake for) come as lone certificates
    if (f.roles.length > 0 && f.sightings.distinctServers === 0) continue;
    facts[f.sha256] = [f.facts.subject, f.facts.issuer, f.facts.notBefore, f.facts.notAfter];
    signals[f.sha256] = f.signals.filter(compared).map((s) => s.id).sort();
  }
  return { facts, signals };
}

/** [folder, capture] of every capture with both logs (the cross-check folder's too). */
const captures = ['zeek-logs', 'zeek-logs/crosscheck-only'].flatMap((sub) => readdirSync(join(CORPUS, sub))
  .filter((f) => f.endsWith('.ssl.log')).map((f) => f.slice(0, -'.ssl.log'.length))
  .filter((c) => existsSync(join(CORPUS, sub, `${c}.x509.log`)) && existsSync(join(CORPUS, 'pcap', c)))
  .map((c) => [c, join(CORPUS, sub)] as const));
const work = mkdtempSync(join(tmpdir(), 'certhound-zeek-corpus-parity-'));

describe('Zeek logs and their capture give the same certificates and signals', () => {
  test('the corpus has captures with both logs', () => {
    expect(captures.length).toBeGreaterThanOrEqual(16);
  });

  test.each(captures)('%s', async (capture, logsDir) => {
    const times = new Map<string, string>();
    const pcapFindings = new FindingCollector();
    const fromPcap = await scan([join(CORPUS, 'pcap', capture)], {
      onProblem: () => undefined,
      onFinding: pcapFindings.onFinding,
      onConnection(h) {
        const key = [h.client.ip, h.client.port, h.server.ip, h.server.port].join('|');
        if (!times.has(key)) times.set(key, `${h.ts.sec}.${String(Math.floor(h.ts.nsec / 1000)).padStart(6, '0')}`);
      },
    }, { findings: true });
    const first = [...times.values()][0];
    const ssl = join(work, `${capture}.ssl.log`);
    const x509 = join(work, `${capture}.x509.log`);
    const { text, unmatched } = unmasked(readFileSync(join(logsDir, `${capture}.ssl.log`), 'utf8'), times);
    expect(unmatched).toBe(ONLY_ZEEK_SEES[capture] ?? 0);
    writeFileSync(ssl, text);
    writeFileSync(x509, readFileSync(join(logsDir, `${capture}.x509.log`), 'utf8').replace(/XXXXXXXXXX\.XXXXXX/g, first));
    const logFindings = new FindingCollector();
    const fromLogs = await scan([x509, ssl], { onProblem: () => undefined, onFinding: logFindings.onFinding }, { findings: true });
    const p = seen(pcapFindings);
    const z = seen(logFindings);
    expect(z.facts).toEqual(p.facts);
    expect(z.signals).toEqual(p.signals);
  });
});
