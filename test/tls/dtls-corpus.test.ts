/**
 * Conformance of the DTLS captures of ../shared/corpus (README "How a test should use it", rules 1-3): every
 * capture whose expected.json entry names DTLS, through openInput → readCapture → FlowTable → TlsTracker.
 * test/tls/corpus.test.ts covers the TLS-over-TCP captures.
 */
import { join } from 'node:path';
import { openInput, readCapture } from '../../src/capture';
import { FlowTable } from '../../src/net';
import type { Endpoint, Flow } from '../../src/net/types';
import { TlsTracker } from '../../src/tls/tls-tracker';
import type { Handshake } from '../../src/tls/types';
import { CORPUS_DIR, loadExpected } from '../helpers/corpus';

const CORPUS = CORPUS_DIR;
const expected = loadExpected();
const dtlsFiles = Object.keys(expected).filter((f) =>
  expected[f].tls_versions.some((v) => v.startsWith('DTLS')) || expected[f].certificates.some((c) => c.protocol === 'dtls'));

async function extract(file: string): Promise<Handshake[]> {
  const handshakes: Handshake[] = [];
  let table: FlowTable | undefined;
  const tracker = new TlsTracker(file, (h) => handshakes.push(h), (flow: Flow) => table?.release(flow));
  const flows = new FlowTable(tracker);
  table = flows;
  await readCapture(file, openInput(file), (pkt) => flows.onPacket(pkt));
  flows.finish();
  return handshakes;
}

function endpointText(e: Endpoint): string {
  return e.ip.includes(':') ? `[${e.ip}]:${e.port}` : `${e.ip}:${e.port}`;
}

const shas = (chain: { sha256: string }[]): string[] => chain.map((c) => c.sha256);
const sorted = (s: Iterable<string>): string[] => [...new Set(s)].sort();

(dtlsFiles.length > 0 ? describe : describe.skip)('corpus conformance (DTLS over UDP)', () => {
  it('has the 7 DTLS captures the README lists', () => {
    expect(dtlsFiles.sort()).toEqual([
      'wireshark-snakeoil-dtls.pcap', 'wireshark-udt-dtls.pcapng', 'wireshark-udt-dtls.pcapng.gz',
      'zeek-dtls13-wolfssl.pcap', 'zeek-dtls1_0.pcap', 'zeek-dtls1_2.pcap', 'zeek-webrtc-stun.pcap',
    ]);
  });

  it.each(dtlsFiles)('%s', async (file) => {
    const exp = expected[file];
    const handshakes = await extract(join(CORPUS, 'pcap', file));
    expect(handshakes.every((h) => h.transport === 'udp' && h.protocol === 'dtls')).toBe(true);

    // 1. Every expected chain, identically, on a handshake with that server endpoint (and SNI), in its role.
    for (const m of exp.certificates) {
      const want = shas(m.chain);
      const found = handshakes.some((h) => endpointText(h.server) === m.server
        && (m.sni === null || h.serverName === m.sni)
        && JSON.stringify(shas(m.role === 'server' ? h.serverChain.certs : h.clientChain.certs)) === JSON.stringify(want));
      expect({ role: m.role, server: m.server, chain: want, found }).toEqual({ role: m.role, server: m.server, chain: want, found: true });
    }

    // 2. No extra certificates in either role.
    expect(sorted(handshakes.flatMap((h) => shas(h.serverChain.certs)))).toEqual(sorted(exp.unique_server_cert_sha256));
    expect(sorted(handshakes.flatMap((h) => shas(h.clientChain.certs)))).toEqual(sorted(exp.unique_client_cert_sha256));

    // 3. DTLS 1.3 associations are reported encrypted, as many as the oracle counts; none is missing a chain.
    expect(handshakes.filter((h) => h.serverChain.status === 'encrypted').length).toBe(exp.tls13_connections_without_visible_cert);
    expect(handshakes.filter((h) => h.serverHello && h.serverChain.status === 'absent').length)
      .toBe(exp.other_connections_without_visible_server_cert);
    // One association per capture, each seen to its end, without anomalies.
    expect(handshakes.map((h) => [h.completed, h.anomalies])).toEqual([[true, []]]);
  });
});
