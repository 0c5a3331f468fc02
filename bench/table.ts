/** The bench's table: one block per capture, one row per contender, the issue's units. */
import type { Measured } from './measure';

export interface CaptureFacts {
  readonly label: string;
  readonly bytes: number;
  readonly packets: number;
  readonly tlsConnections: number;
  readonly serverChains: number;
  readonly clientChains: number;
  readonly encrypted: number;
  readonly certificates: number;
}

export interface Row {
  readonly name: string;
  readonly m: Measured;
}

const num = (n: number) => n.toLocaleString('en-US');

export function captureLine(c: CaptureFacts): string {
  return `${c.label}: ${(c.bytes / 1e6).toFixed(0)} MB, ${num(c.packets)} packets, ${num(c.tlsConnections)} TLS connections ` +
    `(${num(c.serverChains)} server chains, ${num(c.clientChains)} client chains, ${num(c.encrypted)} TLS 1.3), ${num(c.certificates)} distinct certificates`;
}

const HEAD = `  ${'run'.padEnd(26)} ${'wall s'.padStart(7)} ${'CPU s'.padStart(7)} ${'MB/s'.padStart(6)} ${'kpkt/s'.padStart(7)} ${'µs/TLS'.padStart(7)} ${'peak RSS'.padStart(9)} ${'of walk'.padStart(8)} ${'× Suricata'.padStart(10)}`;

/** Rows of one capture; `walk` and `suricata` are the yardsticks (a row's share of the walk, its speed over Suricata's). */
export function block(c: CaptureFacts, rows: Row[], walk: Measured, suricata: Measured | undefined): string[] {
  const lines = [HEAD];
  for (const { name, m } of rows) {
    const rss = Number.isFinite(m.maxRssMiB) ? `${m.maxRssMiB.toFixed(0)} MiB` : '?';
    const cpu = Number.isFinite(m.cpuSeconds) ? m.cpuSeconds.toFixed(2) : '?';
    const perTls = c.tlsConnections > 0 ? ((m.seconds / c.tlsConnections) * 1e6).toFixed(1) : '–';
    const ofWalk = `${((walk.seconds / m.seconds) * 100).toFixed(1)} %`;
    const overSuricata = suricata ? `${(suricata.seconds / m.seconds).toFixed(2)}` : '–';
    lines.push(`  ${name.padEnd(26)} ${m.seconds.toFixed(2).padStart(7)} ${cpu.padStart(7)} ${(c.bytes / 1e6 / m.seconds).toFixed(0).padStart(6)} ` +
      `${(c.packets / m.seconds / 1e3).toFixed(0).padStart(7)} ${perTls.padStart(7)} ${rss.padStart(9)} ${ofWalk.padStart(8)} ${overSuricata.padStart(10)}`);
  }
  return lines;
}

/** Whether a scan's `--stats` counters are what the capture holds; a line saying so. */
export function foundLine(c: CaptureFacts, stats: Record<string, number>): { ok: boolean; line: string } {
  const checks: Array<[string, number | undefined, number]> = [
    ['handshakes', stats.handshakes, c.tlsConnections], ['server chains', stats.server_chains, c.serverChains],
    ['client chains', stats.client_chains, c.clientChains], ['encrypted', stats.encrypted, c.encrypted],
    ['certificates', stats.certificates, c.certificates],
  ];
  const ok = checks.every(([, got, want]) => got === want) && stats.gaps === 0;
  return { ok, line: `  found: ${checks.map(([k, got, want]) => `${k} ${got}/${want}`).join(', ')}, gaps ${stats.gaps} ${ok ? '(all)' : '(MISMATCH)'}` };
}
