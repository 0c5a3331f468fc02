/**
 * Issue 17: a connection line is pasted from each certificate's serialised parts (`connectionNdjson`), and must be
 * the very bytes of `JSON.stringify(connectionDocument(…))`: over every handshake of the corpus captures and Zeek
 * logs, and over handshakes edited here into the cases the corpus has few of.
 */
import { join } from 'node:path';
import { extract } from '../../src/pipeline/extract';
import { BlobFacts } from '../../src/pipeline/blob-facts';
import { connectionDocument, connectionNdjson, type FactsOf } from '../../src/output/ecs-connection';
import type { EcsOptions } from '../../src/output/ecs-common';
import type { CertBlob, Handshake } from '../../src/tls/types';
import { CORPUS_DIR } from '../helpers/corpus';

const facts = new BlobFacts();
const factsOf: FactsOf = facts.factsOf;
const handshakes: Handshake[] = [];

beforeAll(async () => {
  await extract([join(CORPUS_DIR, 'pcap'), join(CORPUS_DIR, 'zeek-logs')], {
    onHandshake: (h) => void handshakes.push(h),
    onProblem: () => undefined,
  });
}, 120_000);

/** The line, written twice (the second from the parts the first cached), against the document's own text. */
function expectSameBytes(h: Handshake, of: FactsOf = factsOf, opts: EcsOptions = {}): string {
  const expected = JSON.stringify(connectionDocument(h, of, opts));
  expect(connectionNdjson(h, of, opts)).toBe(expected);
  expect(connectionNdjson(h, of, opts)).toBe(expected);
  return expected;
}

function first(test: (h: Handshake) => boolean): Handshake {
  const h = handshakes.find(test);
  if (!h) throw new Error('corpus has no such handshake');
  return h;
}

describe('connectionNdjson writes the bytes of the stringified connectionDocument', () => {
  it('for every handshake of the corpus captures and Zeek logs', () => {
    expect(handshakes.length).toBeGreaterThan(100);
    const kinds = { chains: 0, clientChains: 0, zeek: 0, udp: 0, ipv6: 0, anomalies: 0, noSni: 0 };
    for (const h of handshakes) {
      expectSameBytes(h);
      if (h.serverChain.certs.length > 1) kinds.chains++;
      if (h.clientChain.certs.length > 0) kinds.clientChains++;
      if (h.uid) kinds.zeek++;
      if (h.transport === 'udp') kinds.udp++;
      if (h.client.ip.includes(':')) kinds.ipv6++;
      if (h.anomalies.length > 0) kinds.anomalies++;
      if (h.serverName === undefined) kinds.noSni++;
    }
    // the corpus reaches each case at least once, so the edited handshakes below are not the only witnesses
    for (const [kind, n] of Object.entries(kinds)) expect([kind, n > 0]).toEqual([kind, true]);
  });

  it('with --observer, and the same certificates seen again in a later connection', () => {
    for (const h of handshakes.slice(0, 50)) expectSameBytes(h, factsOf, { observer: 'sensor "1" \u00e9' });
  });

  describe('for handshakes edited into each case', () => {
    const withChain = () => first((h) => h.serverChain.certs.length > 1 && h.transport === 'tcp' && !h.uid);
    const edit = (changes: Partial<Handshake>): Handshake => ({ ...withChain(), ...changes });

    it('no certificate on either side, a resumed connection, no version, cipher or fingerprints', () => {
      const line = expectSameBytes(edit({
        serverChain: { status: 'absent', certs: [] }, clientChain: { status: 'absent', certs: [] }, resumed: true,
        version: undefined, cipherSuite: undefined, ja3: undefined, ja3s: undefined, ja4: undefined, ja4s: undefined, alpn: undefined,
      }));
      const doc = JSON.parse(line);
      expect(doc.tls.server).toEqual({});
      expect(doc.tls.resumed).toBe(true);
      expect(doc.certhound.server).toEqual({ chain_status: 'absent' });
      expect(doc.related.hash).toBeUndefined();
    });

    it('a client chain (mutual TLS), the server certificate among it', () => {
      const h = withChain();
      const line = expectSameBytes(edit({ clientChain: { status: 'present', certs: [...h.serverChain.certs].reverse() }, certificateRequested: true }));
      expect(JSON.parse(line).certhound.client.chain).toHaveLength(h.serverChain.certs.length);
    });

    it('an empty client Certificate message and an encrypted server chain', () => {
      expectSameBytes(edit({ clientChain: { status: 'empty', certs: [] }, serverChain: { status: 'encrypted', certs: [] }, version: 0x0304 }));
    });

    it('no SNI, and an SNI and a file name that JSON must escape', () => {
      expect(JSON.parse(expectSameBytes(edit({ serverName: undefined }))).tls.client).toEqual({ ja3: withChain().ja3?.value });
      const odd = 'a"b\\c\u0001\u2028é.example';
      const line = expectSameBytes(edit({ serverName: odd, source: { file: 'C:\\caps\\"x"\n.pcap', frame: 3 } }));
      expect(JSON.parse(line).tls.client.server_name).toBe(odd);
    });

    it('a certificate without facts (an unparsed Zeek certificate) and one that does not parse as X.509', () => {
      const h = withChain();
      const leaf = h.serverChain.certs[0];
      const withoutLeafFacts: FactsOf = (b) => (b === leaf ? undefined : factsOf(b));
      const line = expectSameBytes(h, withoutLeafFacts);
      expect(JSON.parse(line).tls.server.x509).toBeUndefined();
      const garbage: CertBlob = { sha256: 'ab'.repeat(32), sha1: 'cd'.repeat(20), der: Buffer.from('3003020101', 'hex') };
      const parsed = JSON.parse(expectSameBytes(edit({ serverChain: { status: 'present', certs: [garbage, ...h.serverChain.certs.slice(1)] } })));
      expect(parsed.certhound.server.chain[0].parsed).toBe(false);
    });

    it('IPv6, UDP (DTLS) and addresses an ip field does not take', () => {
      expect(JSON.parse(expectSameBytes(edit({ client: { ip: '2001:db8::1', port: 5353 }, server: { ip: '2001:db8::2', port: 443 } }))).network.type).toBe('ipv6');
      expect(JSON.parse(expectSameBytes(edit({ transport: 'udp', protocol: 'dtls', version: 0xfefd }))).network.protocol).toBe('dtls');
      const odd = JSON.parse(expectSameBytes(edit({ client: { ip: 'fe80::1%eth0', port: 1 }, server: { ip: 'not-an-address', port: 2 } })));
      expect(odd.network.community_id).toBeUndefined();
      expectSameBytes(edit({ client: { ip: '10.0.0.1', port: 1 }, server: { ip: '10.0.0.1', port: 2 } }));
    });

    it('Zeek uid and EVE flow_id, a log line, anomalies', () => {
      const line = expectSameBytes(edit({
        uid: 'CHhAvVGS1DHFjwGM9', flowId: '1152921504606846976', source: { file: 'eve.json', line: 12 },
        anomalies: ['stream-gap', 'truncated-handshake'], completed: false,
      }));
      const doc = JSON.parse(line);
      expect(doc.event.id).toBe('CHhAvVGS1DHFjwGM9');
      expect(doc.certhound).toMatchObject({ uid: 'CHhAvVGS1DHFjwGM9', flow_id: '1152921504606846976', line: 12, anomalies: ['stream-gap', 'truncated-handshake'] });
      expect(JSON.parse(expectSameBytes(edit({ flowId: '42' }))).event.id).toBe('42');
    });
  });
});
