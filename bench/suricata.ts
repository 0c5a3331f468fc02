/**
 * Suricata single-threaded on a bench capture, as the yardstick of issue #17: `suricata --runmode single` with no
 * rules and one output, EVE `tls` events with the chain (what certhound's connection records carry), checksums not
 * checked (`-k none`: certhound checks none, and the TLS-light capture carries none, which Suricata's `auto` mode
 * answers by dropping the first flows). Wall time from here, peak RSS and CPU from GNU time; the EVE file is counted
 * and removed (it holds every chain in base64).
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Measured } from './measure';

export const SURICATA = process.env.BENCH_SURICATA ?? '/usr/bin/suricata';
const GNU_TIME = '/usr/bin/time';

const CONFIG = [
  '%YAML 1.1', '---',
  'outputs:',
  '  - eve-log:',
  '      enabled: yes',
  '      filetype: regular',
  '      filename: eve.json',
  '      types:',
  '        - tls:',
  '            extended: yes',
  '            custom: [subject, issuer, session_resumed, serial, fingerprint, sni, version, not_before, not_after, certificate, chain, ja3, ja3s, ja4]',
].join('\n') + '\n';

export interface SuricataRun extends Measured {
  /** EVE tls events, and those with a server chain. */
  tlsEvents: number;
  chains: number;
  version: string;
}

export function suricataInstalled(): boolean {
  return existsSync(SURICATA);
}

async function countEve(file: string): Promise<{ tlsEvents: number; chains: number }> {
  let tlsEvents = 0;
  let chains = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (!line.includes('"event_type":"tls"')) continue;
    tlsEvents++;
    if (line.includes('"chain":[')) chains++;
  }
  return { tlsEvents, chains };
}

export async function runSuricata(capture: string, workDir: string): Promise<SuricataRun> {
  mkdirSync(workDir, { recursive: true });
  const config = join(workDir, 'suricata.yaml');
  writeFileSync(config, CONFIG);
  const logDir = join(workDir, 'log');
  rmSync(logDir, { recursive: true, force: true });
  mkdirSync(logDir);
  const timed = existsSync(GNU_TIME);
  const args = ['--runmode', 'single', '-k', 'none', '-c', config, '-S', '/dev/null', '-l', logDir, '-r', capture];
  const start = process.hrtime.bigint();
  const r = timed
    ? spawnSync(GNU_TIME, ['-f', 'bench-time %U %S %M', SURICATA, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 })
    : spawnSync(SURICATA, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`suricata failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const t = /bench-time ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr);
  const version = /This is Suricata version (\S+)/.exec(r.stdout + r.stderr)?.[1] ?? spawnSync(SURICATA, ['-V'], { encoding: 'utf8' }).stdout.trim().split(' ').pop() ?? '';
  const counts = await countEve(join(logDir, 'eve.json'));
  rmSync(logDir, { recursive: true, force: true });
  return {
    seconds,
    cpuSeconds: t ? Number(t[1]) + Number(t[2]) : NaN,
    maxRssMiB: t ? Number(t[3]) / 1024 : NaN,
    stats: {},
    ...counts,
    version,
  };
}
