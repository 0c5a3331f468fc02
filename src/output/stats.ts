/** `--stats`: the run's counters, one `name value` pair per line, on stderr. */
import type { ExtractStats } from '../pipeline/extract';

export function formatStats(stats: ExtractStats, certificates: number): string {
  const rows: Array<[string, number]> = [
    ['files', stats.files], ['packets', stats.packets], ['bytes', stats.bytes], ['flows', stats.flows],
    ['handshakes', stats.handshakes], ['server_chains', stats.serverChains], ['client_chains', stats.clientChains],
    ['certificates', certificates], ['encrypted', stats.encrypted], ['gaps', stats.gaps],
    ['malformed', stats.malformed], ['snap_cut', stats.snapCut], ['truncated', stats.truncated], ['zeek_logs', stats.zeekLogs], ['zeek_lines', stats.zeekLines], ['eve_logs', stats.eveLogs], ['eve_lines', stats.eveLines],
    ['lone_certificates', stats.loneCertificates], ['skipped_files', stats.skipped],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n';
}
