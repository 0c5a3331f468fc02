/**
 * Suricata EVE logs → handshakes: one per `tls` event, and one per flow for alerts' tls metadata when no `tls`
 * event of that flow came (an alert waits, at most MAX_PENDING_ALERTS of them, for the flow's `tls` event, which
 * carries what the sensor logs for tls, `chain` included). Lines that cannot hold tls (`"tls"` absent) are not
 * parsed: EVE files are mostly flow, dns and http events.
 */
import type { SourceRef } from '../tls/types';
import { eveHandshake } from './event-record';
import type { EveAnomalyKind, EveAnomalySink, EveEvent, EveHandshake } from './types';

/** Alerts held back waiting for their flow's `tls` event. */
export const MAX_PENDING_ALERTS = 4096;
/** Per file and kind, anomalies reported one by one; the rest are summed up. */
const MAX_REPORTS = 20;

export interface EveFileState {
  /** Lines read. */
  line: number;
}

export interface EveLogInput {
  name: string;
  lines?: AsyncIterable<string>;
  batches?: AsyncIterable<readonly string[]>;
  resume?: EveFileState;
}

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

/** Reads EVE files one after the other; each `tls` event (and alerts' tls metadata) gives a handshake. Never throws on content. */
export async function* readEveBatches(files: EveLogInput[], onAnomaly?: EveAnomalySink, opts: ReadEveOptions = {}): AsyncGenerator<EveHandshake[]> {
  for (const file of files) {
    if (opts.signal?.aborted) break;
    const tally = new FileTally(file.name, onAnomaly);
    const batches = (file.batches ?? (file.lines ? oneByOne(file.lines) : none()))[Symbol.asyncIterator]();
    // Flows seen in a tls event, and alerts waiting for theirs (insertion order is age).
    const tlsFlows = new Set<string>();
    const alerts = new Map<string, EveHandshake>();
    let line = file.resume?.line ?? 0;
    let lastTime: number | undefined;
    let held = false;
    let stopped = false;
    try {
      for (;;) {
        const step = await batches.next();
        if (step.done) break;
        const out: EveHandshake[] = [];
        for (const text of step.value) {
          line++;
          if (!text.includes('"tls"')) {
            if (text.length > 0 && text.charCodeAt(0) === 123) tally.events++; // '{': an event of another type
            continue;
          }
          let ev: EveEvent;
          try {
            ev = JSON.parse(text) as EveEvent;
          } catch {
            tally.report('malformed-line', line, 'not a JSON object');
            continue;
          }
          if (ev === null || typeof ev !== 'object') {
            tally.report('malformed-line', line, 'not a JSON object');
            continue;
          }
          tally.events++;
          const flow = FLOW_ID.exec(text)?.[1];
          const source: SourceRef = { file: file.name, line };
          const h = eveHandshake(ev, source, flow, (i) => tally.report('bad-certificate', line, `chain entry ${i} is no base64 DER certificate: left out`));
          if (h === undefined) continue;
          if (h === 'malformed') {
            tally.report('malformed-line', line, 'a tls event without src/dest address and port');
            continue;
          }
          tally.tls++;
          const t = h.ts.sec + h.ts.nsec / 1e9;
          if (opts.until !== undefined && t >= opts.until) {
            held = true;
            line--;
            break;
          }
          if (opts.since !== undefined && t < opts.since) continue;
          if (lastTime === undefined || h.ts.sec > lastTime) lastTime = h.ts.sec;
          if (h.eventType === 'tls' || flow === undefined) {
            if (flow !== undefined) {
              tlsFlows.add(flow);
              alerts.delete(flow);
            }
            out.push(h);
          } else if (!tlsFlows.has(flow) && !alerts.has(flow)) {
            alerts.set(flow, h);
            if (alerts.size > MAX_PENDING_ALERTS) {
              const oldest = alerts.keys().next().value as string;
              out.push(alerts.get(oldest) as EveHandshake);
              alerts.delete(oldest);
            }
          }
          if (tlsFlows.size > MAX_PENDING_ALERTS * 4) tlsFlows.clear(); // only recent flows can still have waiting alerts
        }
        if (out.length > 0) yield out;
        if (held) break;
        if (opts.signal?.aborted) {
          stopped = true;
          break;
        }
      }
    } finally {
      await batches.return?.();
    }
    if (alerts.size > 0) yield [...alerts.values()];
    tally.close();
    opts.onFileDone?.(file.name, { line, ...(lastTime !== undefined ? { lastTime } : {}), ...(held ? { held } : {}), ...(stopped ? { stopped } : {}) });
  }
}
