/**
 * One fuzz harness per parser: each feeds an input to a stage as certhound would and checks what must hold on any
 * input: nothing thrown, budgets given back, dates a date can hold, documents that serialise. Inputs of the
 * structured harnesses (TCP, TLS, DTLS, Zeek, import) are read as a small script, so mutations reach the parser
 * in the shapes it meets (segments and gaps, two directions, two log files, export lines).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDateSafe } from '../../src/capture/types';
import { TcpReassembler } from '../../src/net/tcp-reassembler';
import type { Direction, Flow } from '../../src/net/types';
import { TlsTracker } from '../../src/tls/tls-tracker';
import type { Handshake } from '../../src/tls/types';
import { certFacts } from '../../src/x509/cert-facts';
import { Judge } from '../../src/pipeline/judge';
import { scan } from '../../src/pipeline/scan';
import { shippedReference } from '../../src/pipeline/reference-files';
import { evaluateCertificate } from '../../src/detect/evaluate-certificate';
import { DEFAULT_CONFIG } from '../../src/detect/config';
import { compileAllowlist } from '../../src/detect/allowlist';
import { connectionDocument } from '../../src/output/ecs-connection';
import { findingDocument } from '../../src/output/ecs-finding';
import { hostDocument } from '../../src/output/ecs-host';
import { readZeekLogs } from '../../src/zeek';
import { DEFAULT_HOST_CONFIG, detectHost, readHostEvents } from '../../src/host';
import { parseConfigText } from '../../src/pipeline/config-file';
import { BaselineSession, BaselineStore } from '../../src/baseline';
import { importBaseline } from '../../src/baseline/transfer';
import type { FuzzTarget } from './engine';
import * as seeds from './seeds';

/** Lines of a text, as the line readers hand them. */
async function* lines(text: string): AsyncGenerator<string> {
  for (const l of text.split('\n')) yield l;
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`invariant broken: ${what}`);
}

function checkHandshake(h: Handshake): void {
  check(isDateSafe(h.ts.sec), `handshake time ${h.ts.sec}`);
}

const scratch = mkdtempSync(join(tmpdir(), 'certhound-fuzz-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

/** The whole capture path as `scan` runs it (capture → net → tls → x509 → detect), then the ECS documents. */
const capture: FuzzTarget = {
  name: 'capture',
  maxLength: 256 * 1024,
  seeds: seeds.captures,
  async run(input) {
    const file = join(scratch, 'input.pcap');
    writeFileSync(file, input);
    await scan([file], {
      onProblem: () => undefined,
      onConnection: (h, factsOf) => {
        checkHandshake(h);
        JSON.stringify(connectionDocument(h, factsOf));
      },
      onFinding: (e) => JSON.stringify(findingDocument(e.finding)),
    }, {});
  },
};

/** pcapng blocks: the same path, seeded with pcapng files only (sections, interfaces, options, odd blocks). */
const pcapng: FuzzTarget = { ...capture, name: 'pcapng', seeds: seeds.pcapngFiles };

/**
 * TCP reassembly: the input is a script of segments for one direction. Each step: a flag byte (bit 0 SYN, bit 1
 * FIN, bit 2 cut by the snaplen), a 16-bit sequence offset from the ISN, a length byte; the payload is the next bytes.
 */
const tcp: FuzzTarget = {
  name: 'tcp',
  maxLength: 64 * 1024,
  seeds: seeds.tcpScripts,
  run(input) {
    let delivered = 0;
    let wire = 0;
    const sink = { stopped: false, streamData: (_d: Direction, data: Buffer) => { delivered += data.length; }, streamGap: () => undefined };
    const counters = { gaps: 0, gapBytes: 0, retransmittedBytes: 0, overlapConflicts: 0, synResyncs: 0 };
    const budget = { used: 0, limit: 1 << 20 };
    const r = new TcpReassembler(sink, 0, counters, { maxOutOfOrderBytes: 4096, maxOutOfOrderSegments: 16 }, budget);
    const isn = 0xfffff000; // near the wrap
    for (let off = 0; off + 4 <= input.length;) {
      const flags = input[off];
      const seq = (isn + input.readUInt16BE(off + 1)) >>> 0;
      const len = input[off + 3];
      const data = input.subarray(off + 4, off + 4 + len);
      off += 4 + len;
      if (flags & 1) r.onSyn(seq);
      const captured = flags & 4 ? data.subarray(0, data.length >> 1) : data;
      wire += data.length;
      if (!r.onSegment(seq, captured, 0, captured.length, data.length, 0, 0, 1)) break;
      if (flags & 2) r.onFin((seq + data.length) >>> 0);
    }
    r.flush();
    check(delivered <= wire, `delivered ${delivered} of ${wire} bytes`);
    r.clear();
    check(budget.used === 0, `budget left at ${budget.used}`);
  },
};

function fakeFlow(transport: 'tcp' | 'udp'): Flow {
  return { id: 1, transport, client: { ip: '192.0.2.1', port: 50000 }, server: { ip: '198.51.100.1', port: 443 }, start: { sec: 1767225600, nsec: 0 }, startFrame: 1, lastFrame: 1, app: undefined };
}

/** Steps of a two-direction script: a byte (bit 0 direction, bit 1 a gap instead of data), a 16-bit length, the bytes. */
function* steps(input: Buffer): Generator<{ dir: Direction; gap: boolean; data: Buffer }> {
  for (let off = 0; off + 3 <= input.length;) {
    const head = input[off];
    const len = input.readUInt16BE(off + 1);
    const data = input.subarray(off + 3, off + 3 + len);
    off += 3 + len;
    yield { dir: (head & 1) as Direction, gap: (head & 2) !== 0, data };
  }
}

function trackerRun(input: Buffer, transport: 'tcp' | 'udp'): void {
  const judge = new Judge();
  const flow = fakeFlow(transport);
  let released = false;
  const tracker = new TlsTracker('fuzz', (h) => {
    checkHandshake(h);
    JSON.stringify(connectionDocument(h, judge.factsOf));
  }, () => { released = true; });
  const ts = { sec: 1767225600, nsec: 0 };
  for (const s of steps(input)) {
    if (released) break;
    if (transport === 'udp') tracker.onDatagram(flow, s.dir, s.data, ts, 1);
    else if (s.gap) tracker.onStreamGap(flow, s.dir, s.data.length + 1);
    else tracker.onStreamData(flow, s.dir, s.data, ts, 1);
  }
  tracker.onFlowEnd(flow, released ? 'released' : 'fin');
  check(tracker.heldBytes.used === 0, `tls held bytes left at ${tracker.heldBytes.used}`);
}

/** TLS records and handshakes over a TCP stream (plain, after a preamble, or in OpenVPN framing). */
const tls: FuzzTarget = { name: 'tls', maxLength: 128 * 1024, seeds: seeds.tlsScripts, run: (input) => trackerRun(input, 'tcp') };

/** DTLS (plain or CAPWAP) and OpenVPN over UDP: one datagram a step. */
const dtls: FuzzTarget = { name: 'dtls', maxLength: 64 * 1024, seeds: seeds.datagramScripts, run: (input) => trackerRun(input, 'udp') };

/** DER → certificate facts → a finding judged now, as `certhound cert` does. */
const der: FuzzTarget = {
  name: 'der',
  maxLength: 16 * 1024,
  seeds: seeds.certificates,
  run(input) {
    const facts = certFacts(input, { keepDer: true });
    const judge = new Judge();
    const at = new Date(Date.UTC(2026, 0, 1));
    const finding = evaluateCertificate(facts, [facts], judge.trust([facts], at), DEFAULT_CONFIG, at, shippedReference());
    JSON.stringify(findingDocument(finding));
  },
};

/** Zeek ssl.log and x509.log (TSV or JSON): the two texts are split at the first NUL byte. */
const zeek: FuzzTarget = {
  name: 'zeek',
  maxLength: 64 * 1024,
  seeds: seeds.zeekPairs,
  async run(input) {
    const text = input.toString('utf8');
    const cut = text.indexOf('\0');
    const files = [
      { name: 'x509.log', lines: lines(cut < 0 ? '' : text.slice(cut + 1)) },
      { name: 'ssl.log', lines: lines(cut < 0 ? text : text.slice(0, cut)) },
    ];
    for await (const h of readZeekLogs(files, () => undefined)) checkHandshake(h);
  },
};

/** Host events (Windows XML, JSON, auditd) → the seed's detection → ECS. */
const host: FuzzTarget = {
  name: 'host',
  maxLength: 64 * 1024,
  seeds: seeds.hostEvents,
  async run(input) {
    for await (const ev of readHostEvents('fuzz', input.toString('utf8'), () => undefined)) {
      check(Math.abs(ev.time) <= 8.64e15, `event time ${ev.time}`);
      const d = detectHost(ev, DEFAULT_HOST_CONFIG);
      if (d) JSON.stringify(hostDocument(d));
    }
  },
};

/** A `--config` file (JSON or YAML): a ConfigFileError is the one expected answer to a bad one. */
const config: FuzzTarget = {
  name: 'config',
  maxLength: 16 * 1024,
  seeds: seeds.configs,
  run(input) {
    try {
      const c = parseConfigText(input.toString('utf8'), 'fuzz.yaml');
      for (const p of compileAllowlist(c.detect.allowlist).subjectPatterns) p.test(`CN=${'a'.repeat(64)}!`);
    } catch (err) {
      if ((err as Error).name !== 'ConfigFileError') throw err;
    }
  },
};

let store: Promise<BaselineStore> | undefined;

/** `baseline import` lines into a store, then a sighting of each imported certificate read back as a scan would. */
const importTarget: FuzzTarget = {
  name: 'import',
  maxLength: 16 * 1024,
  seeds: seeds.exportLines,
  async run(input) {
    store ??= BaselineStore.open(join(scratch, 'baseline'));
    const s = await store;
    await importBaseline(s, lines(input.toString('utf8')), () => undefined);
    const session = new BaselineSession(s, false);
    try {
      for (const m of input.toString('latin1').matchAll(/[0-9a-f]{64}/g)) {
        await session.observe([{ sha256: m[0], sha1: m[0].slice(0, 40), subject: 'CN=x', issuer: 'CN=x', serverIp: '10.0.0.1', serverPort: 443, role: 'server', time: 1767225600000 }]);
        session.history(m[0]);
      }
    } finally {
      await session.close();
    }
  },
};

export const TARGETS: readonly FuzzTarget[] = [capture, pcapng, tcp, tls, dtls, der, zeek, host, config, importTarget];
