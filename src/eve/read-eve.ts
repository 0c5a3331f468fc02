/**
 * Suricata EVE logs → handshakes: one per `tls` event, and one per flow for alerts' tls metadata when no `tls`
 * event of that flow came (an alert waits, at most MAX_PENDING_ALERTS of them, for the flow's `tls` event, which
 * carries what the sensor logs for tls, `chain` included). Lines that cannot hold tls (`"tls"` absent) are not
 * parsed: EVE files are mostly flow, dns and http events.
 */
import { eveHandshake } from './event-record';
import type { EveAnomalyKind, EveAnomalySink, EveEvent, EveHandshake } from './types';
import type { LogInput } from '../logs/types';

/** Alerts held back waiting for their flow's `tls` event. */
export const MAX_PENDING_ALERTS = 4096;
/** Per file and kind, anomalies reported one by one; the rest are summed up. */
const MAX_REPORTS = 20;

export interface EveFileState {
  /** Lines read. */
  line: number;
}

export type EveLogInput = LogInput<EveFileState>;

export interface ReadEveOptions {
  /** Epoch seconds: events stamped earlier are left out. */
  since?: number;
  /** Epoch seconds: a file stops at its first event stamped this or later (the next sweep starts there). */
  until?: number;
  /** Where each file stopped: `held` when `until` stopped it, `stopped` when a stop was asked for. */
  onFileDone?: (name: string, stop: { line: number; lastTime?: number; held?: boolean; stopped?: boolean }) => void;
  signal?: AbortSignal;
}

const FLOW_ID = /"flow_id"\s*:\s*(\d+)/;

async function* oneByOne(lines: AsyncIterable<string>): AsyncGenerator<readonly string[]> {
  for await (const line of lines) yield [line];
}

async function* none(): AsyncGenerator<readonly string[]> {}

class FileTally {
  private readonly counts = new Map<EveAnomalyKind, number>();
  events = 0;
  tls = 0;

  constructor(private readonly file: string, private readonly sink: EveAnomalySink | undefined) {}

  report(kind: EveAnomalyKind, line: number, message: string): void {
    const n = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, n);
    if (n <= MAX_REPORTS) this.sink?.({ kind, file: this.file, line, message });
  }

  close(): void {
    for (const [kind, n] of this.counts) {
      if (n > MAX_REPORTS) this.sink?.({ kind, file: this.file, message: `${n - MAX_REPORTS} more lines like that`, count: n - MAX_REPORTS });
    }
    if (this.events === 0 && (this.counts.get('malformed-line') ?? 0) > 0) {
      this.sink?.({ kind: 'nothing-usable', file: this.file, message: 'none of its lines could be read as an EVE event: nothing read from it' });
    } else if (this.events > 0 && this.tls === 0) {
      this.sink?.({ kind: 'nothing-usable', file: this.file, message: `no tls event among its ${this.events} events: enable the tls type in eve-log (custom: [..., chain] for the certificates themselves)` });
    }
  }
}

/**
 * One EVE file's lines, pushed in order (by readEveBatches, or as they are appended under `scan --follow`): each
 * `tls` event, and alerts' tls metadata once per flow with no `tls` event, as a handshake.
 */
export class EveLineSink {
  private readonly tally: FileTally;
  // Flows seen in a tls event, and alerts waiting for theirs (insertion order is age), with the tick they came in.
  private readonly tlsFlows = new Set<string>();
  private readonly alerts = new Map<string, { h: EveHandshake; round: number }>();
  private round = 0;
  line: number;
  lastTime: number | undefined;
  /** An event at or after `until` was met: the file stops before it (`line` is the one before). */
  held = false;

  constructor(readonly file: string, onAnomaly: EveAnomalySink | undefined, private readonly window: { since?: number; until?: number } = {}, resume?: EveFileState) {
    this.tally = new FileTally(file, onAnomaly);
    this.line = resume?.line ?? 0;
  }

  /** Reads `lines` (stops at one past `until`: `held`); handshakes go to `out`. */
  push(lines: readonly string[], out: EveHandshake[]): void {
    for (const text of lines) {
      if (this.held) return;
      this.line++;
      this.event(text, out);
    }
  }

  private event(text: string, out: EveHandshake[]): void {
    const tally = this.tally;
    if (!text.includes('"tls"')) {
      if (text.length > 0 && text.charCodeAt(0) === 123) tally.events++; // '{': an event of another type
      return;
    }
    let ev: EveEvent;
    try {
      ev = JSON.parse(text) as EveEvent;
    } catch {
      tally.report('malformed-line', this.line, 'not a JSON object');
      return;
    }
    if (ev === null || typeof ev !== 'object') {
      tally.report('malformed-line', this.line, 'not a JSON object');
      return;
    }
    tally.events++;
    const flow = FLOW_ID.exec(text)?.[1];
    const line = this.line;
    const h = eveHandshake(ev, { file: this.file, line }, flow, (i) => tally.report('bad-certificate', line, `chain entry ${i} is no base64 DER certificate: left out`));
    if (h === undefined) return;
    if (h === 'malformed') {
      tally.report('malformed-line', line, 'a tls event without src/dest address and port');
      return;
    }
    tally.tls++;
    const t = h.ts.sec + h.ts.nsec / 1e9;
    if (this.window.until !== undefined && t >= this.window.until) {
      this.held = true;
      this.line--;
      return;
    }
    if (this.window.since !== undefined && t < this.window.since) return;
    if (this.lastTime === undefined || h.ts.sec > this.lastTime) this.lastTime = h.ts.sec;
    if (h.eventType === 'tls' || flow === undefined) {
      if (flow !== undefined) {
        this.tlsFlows.add(flow);
        this.alerts.delete(flow);
      }
      out.push(h);
    } else if (!this.tlsFlows.has(flow) && !this.alerts.has(flow)) {
      this.alerts.set(flow, { h, round: this.round });
      if (this.alerts.size > MAX_PENDING_ALERTS) {
        const oldest = this.alerts.keys().next().value as string;
        out.push((this.alerts.get(oldest) as { h: EveHandshake }).h);
        this.alerts.delete(oldest);
      }
    }
    if (this.tlsFlows.size > MAX_PENDING_ALERTS * 4) this.tlsFlows.clear(); // only recent flows can still have waiting alerts
  }

  /** A step of a followed read: alerts that waited `rounds` steps for their flow's tls event go out. */
  tick(rounds: number, out: EveHandshake[]): void {
    this.round++;
    for (const [flow, a] of this.alerts) {
      if (a.round > this.round - rounds) break;
      out.push(a.h);
      this.alerts.delete(flow);
    }
  }

  /** The file is done: waiting alerts go out, its tallies are said. */
  close(out: EveHandshake[]): void {
    for (const a of this.alerts.values()) out.push(a.h);
    this.alerts.clear();
    this.tally.close();
  }
}

/** Reads EVE files one after the other; each `tls` event (and alerts' tls metadata) gives a handshake. Never throws on content. */
export async function* readEveBatches(files: EveLogInput[], onAnomaly?: EveAnomalySink, opts: ReadEveOptions = {}): AsyncGenerator<EveHandshake[]> {
  for (const file of files) {
    if (opts.signal?.aborted) break;
    const sink = new EveLineSink(file.name, onAnomaly, opts, file.resume);
    const batches = (file.batches ?? (file.lines ? oneByOne(file.lines) : none()))[Symbol.asyncIterator]();
    let stopped = false;
    try {
      for (;;) {
        const step = await batches.next();
        if (step.done) break;
        const out: EveHandshake[] = [];
        sink.push(step.value, out);
        if (out.length > 0) yield out;
        if (sink.held) break;
        if (opts.signal?.aborted) {
          stopped = true;
          break;
        }
      }
    } finally {
      await batches.return?.();
    }
    const rest: EveHandshake[] = [];
    sink.close(rest);
    if (rest.length > 0) yield rest;
    const { line, lastTime, held } = sink;
    opts.onFileDone?.(file.name, { line, ...(lastTime !== undefined ? { lastTime } : {}), ...(held ? { held } : {}), ...(stopped ? { stopped } : {}) });
  }
}
