/**
 * Flows that carry no TLS cost what Suricata's bypass costs: once the tls stage has decided (no TLS start within
 * PREAMBLE_SCAN_BYTES of a direction), the flow is released, and its later packets stop at the flow lookup: no
 * reassembly, no delivery, nothing held. A plaintext exchange shorter than that still reaches a later STARTTLS.
 */
import { FlowTable } from '../../src/net/flow-table';
import type { FlowRecord } from '../../src/net/flow-record';
import type { Direction, Flow, FlowEndReason, StreamConsumer } from '../../src/net/types';
import type { Timestamp } from '../../src/capture/types';
import { PREAMBLE_SCAN_BYTES } from '../../src/tls/consts';
import { TlsTracker } from '../../src/tls/tls-tracker';
import type { Handshake } from '../../src/tls/types';
import { tcpConversation } from '../helpers/frames';
import { LINKTYPE } from '../helpers/pcap-writer';
import { clientHelloBody, CT, handshake, HS, record, serverHelloBody } from '../helpers/tls-messages';
import { packets } from '../net/recording-consumer';

const C = { ip: '10.1.0.1', port: 40100 };
const S = { ip: '10.1.0.2', port: 25 };
const MSS = 1000;

/** The tracker behind a consumer that counts what the flow table hands it. */
class CountingTracker implements StreamConsumer {
  readonly handshakes: Handshake[] = [];
  delivered = 0;
  lastFlow: Flow | undefined;
  table!: FlowTable;
  readonly tracker = new TlsTracker('bypass.pcap', (h) => this.handshakes.push(h), (flow) => this.table.release(flow));

  onStreamData(flow: Flow, dir: Direction, data: Buffer, ts: Timestamp, frame: number): void {
    this.delivered += data.length;
    this.lastFlow = flow;
    this.tracker.onStreamData(flow, dir, data, ts, frame);
  }

  onStreamGap(flow: Flow, dir: Direction, bytes: number): void {
    this.tracker.onStreamGap(flow, dir, bytes);
  }

  onDatagram(flow: Flow, dir: Direction, data: Buffer, ts: Timestamp, frame: number): void {
    this.tracker.onDatagram(flow, dir, data, ts, frame);
  }

  onFlowEnd(flow: Flow, reason: FlowEndReason): void {
    this.tracker.onFlowEnd(flow, reason);
  }
}

function run(exchange: Array<{ from: 'client' | 'server'; data: Buffer }>): { consumer: CountingTracker; table: FlowTable; frames: number } {
  const consumer = new CountingTracker();
  const table = new FlowTable(consumer);
  consumer.table = table;
  // Drop the closing FINs: the flow must be bypassed by the tls stage's decision, not ended by the wire.
  const frames = tcpConversation(C, S, exchange, { mss: MSS }).slice(0, -2);
  for (const p of packets(frames, LINKTYPE.RAW)) table.onPacket(p);
  return { consumer, table, frames: frames.length };
}

describe('bypass of flows without TLS', () => {
  it('a bulk plaintext transfer is released once PREAMBLE_SCAN_BYTES pass, and its later segments are neither reassembled nor delivered', () => {
    const bulk = Buffer.alloc(PREAMBLE_SCAN_BYTES * 4, 'GET /file HTTP/1.1\r\n');
    const { consumer, table } = run([{ from: 'client', data: Buffer.from('GET / HTTP/1.1\r\n\r\n') }, { from: 'server', data: bulk }]);
    const flow = consumer.lastFlow as FlowRecord;
    // Delivery stopped within one segment of the decision; three quarters of the transfer never left the lookup.
    expect(consumer.delivered).toBeLessThanOrEqual(PREAMBLE_SCAN_BYTES + MSS + 64);
    expect(consumer.delivered).toBeGreaterThanOrEqual(PREAMBLE_SCAN_BYTES);
    expect(flow.state).toBe('tombstone');
    expect([flow.toServer, flow.toClient]).toEqual([null, null]);
    expect(consumer.tracker.stats.flowsWithoutTls).toBe(1);
    expect(consumer.tracker.heldBytes.used).toBe(0);
    expect(table.stats.packets).toBe(3 + 1 + Math.ceil(bulk.length / MSS));
    expect(table.size).toBe(1);
    // Packets after the decision still move the flow's clock (it stays a tombstone until it idles out).
    expect(flow.lastFrame).toBe(table.stats.packets);
  });

  it('STARTTLS after a plaintext exchange shorter than the scan bound is still read (the flow is not bypassed before it)', () => {
    const chatter = Buffer.from(Array.from({ length: 200 }, (_, i) => `250-X-EXTENSION-${i} some capability text\r\n`).join(''));
    expect(chatter.length).toBeGreaterThan(PREAMBLE_SCAN_BYTES / 2);
    expect(chatter.length).toBeLessThan(PREAMBLE_SCAN_BYTES);
    const { consumer, table } = run([
      { from: 'server', data: Buffer.from('220 mail.example.test ESMTP\r\n') },
      { from: 'client', data: Buffer.from('EHLO client.example.test\r\n') },
      { from: 'server', data: Buffer.concat([chatter, Buffer.from('250 STARTTLS\r\n')]) },
      { from: 'client', data: Buffer.from('STARTTLS\r\n') },
      { from: 'server', data: Buffer.from('220 2.0.0 Ready to start TLS\r\n') },
      { from: 'client', data: record(CT.HANDSHAKE, 0x0301, handshake(HS.CLIENT_HELLO, clientHelloBody({ sni: 'mail.example.test' }))) },
      { from: 'server', data: record(CT.HANDSHAKE, 0x0303, handshake(HS.SERVER_HELLO, serverHelloBody())) },
      { from: 'server', data: record(CT.HANDSHAKE, 0x0303, handshake(HS.SERVER_HELLO_DONE, Buffer.alloc(0))) },
    ]);
    expect((consumer.lastFlow as FlowRecord).state).toBe('live');
    table.finish();
    expect(consumer.tracker.stats.flowsWithoutTls).toBe(0);
    expect(consumer.handshakes.map((h) => [h.protocol, h.serverName])).toEqual([['starttls-smtp', 'mail.example.test']]);
  });
});
