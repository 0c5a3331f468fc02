/**
 * `scan --follow`: once the sweep has read the Zeek and EVE logs, the plain ones are read on as they grow, as
 * `tail -F` does (rotation and truncation included, logs/tail.ts), until the run is stopped (SIGINT, SIGTERM).
 * Each poll's handshakes go the way the sweep's went; the pause after each poll lets findings out. On the stop,
 * each followed file's cursor moves to where reading ended (committed with the sweep's).
 */
import type { Handshake } from '../tls/types';
import { TailedFile } from '../logs/tail';
import type { EveHandshake, EveLineSink } from '../eve';
import type { ZeekHandshake, ZeekLineSink, ZeekLoneCertificate } from '../zeek';
import type { LogSweeps } from './extract';

/** Time between polls of files that had nothing new. */
export const FOLLOW_POLL_MS = 500;
/** Polls an ssl line waits for its x509 lines (and an alert for its flow's tls event) before going out as it is: 10 s. */
export const FOLLOW_WAIT_POLLS = 20;

export interface FollowHooks {
  onHandshake(h: Handshake): void;
  onLone(certs: ZeekLoneCertificate[]): void;
  onProblem(file: string, message: string): void;
  drain(): Promise<void>;
}

interface Followed {
  readonly name: string;
  readonly tail: TailedFile;
  zeek?: ZeekLineSink;
  eve?: EveLineSink;
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export async function followLogs(sweeps: LogSweeps, hooks: FollowHooks, signal: AbortSignal): Promise<void> {
  const followed: Followed[] = [];
  for (const [name, end] of sweeps.zeek.logs.ends) {
    if (!end.compressed) followed.push({ name, tail: new TailedFile(name, end), zeek: await sweeps.zeek.lineSink(name, end.state) });
  }
  for (const [name, end] of sweeps.eve.logs.ends) {
    if (!end.compressed) followed.push({ name, tail: new TailedFile(name, end), eve: sweeps.eve.lineSink(name, end.state) });
  }
  const zeekOut: ZeekHandshake[] = [];
  const eveOut: EveHandshake[] = [];
  const push = (f: Followed, lines: readonly string[]): void => {
    if (f.zeek) f.zeek.push(lines, zeekOut);
    else f.eve?.push(lines, eveOut);
  };
  const hand = (): void => {
    for (const h of zeekOut) hooks.onHandshake(h);
    for (const h of eveOut) hooks.onHandshake(h);
    zeekOut.length = 0;
    eveOut.length = 0;
  };
  while (!signal.aborted) {
    let fresh = false;
    for (const f of followed) {
      const read = await f.tail.poll();
      if (read.truncated) hooks.onProblem(f.name, 'truncated or rewritten in place: read again from its start');
      if (read.finished) {
        // rotated: the old file's lines, its cursor, then the new file under the name
        push(f, read.lines.slice(0, read.finished.linesBefore));
        const { id, tail, offset, line } = read.finished;
        await (f.zeek ? sweeps.zeek.logs.rememberFollowed(f.name, offset, line, f.zeek.state(), { id, tail }) : sweeps.eve.logs.rememberFollowed(f.name, offset, line, { line }, { id, tail }));
        if (f.zeek) {
          await f.zeek.close();
          f.zeek = await sweeps.zeek.lineSink(f.name, undefined);
        } else if (f.eve) {
          f.eve.close(eveOut);
          f.eve = sweeps.eve.lineSink(f.name, undefined);
        }
        push(f, read.lines.slice(read.finished.linesBefore));
      } else {
        push(f, read.lines);
      }
      fresh ||= read.lines.length > 0;
    }
    const step = sweeps.zeek.followStep(FOLLOW_WAIT_POLLS, false);
    zeekOut.push(...step.handshakes);
    for (const f of followed) f.eve?.tick(FOLLOW_WAIT_POLLS, eveOut);
    hand();
    if (step.lone.length > 0) hooks.onLone(step.lone);
    await hooks.drain();
    if (!fresh) await pause(FOLLOW_POLL_MS, signal);
  }
  // stopped: what still waits goes out; each file's cursor is where reading ended
  for (const f of followed) {
    if (f.zeek) {
      await sweeps.zeek.logs.rememberFollowed(f.name, f.tail.offset, f.tail.line, f.zeek.state());
      await f.zeek.close();
    } else if (f.eve) {
      await sweeps.eve.logs.rememberFollowed(f.name, f.tail.offset, f.tail.line, { line: f.tail.line });
      f.eve.close(eveOut);
    }
    await f.tail.close();
  }
  const last = sweeps.zeek.followStep(FOLLOW_WAIT_POLLS, true);
  zeekOut.push(...last.handshakes);
  hand();
  if (last.lone.length > 0) hooks.onLone(last.lone);
}
