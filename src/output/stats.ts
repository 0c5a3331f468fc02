/** `--stats`: the run's counters, one `name value` pair per line, on stderr. */
import type { ExtractStats, LimitCounts } from '../pipeline/extract';

/** Each bound's row: how often it bit (README "Limits" names the constant behind each). */
const LIMIT_ROWS: ReadonlyArray<[string, keyof LimitCounts]> = [
  ['capture_record', 'captureRecord'], ['flow_table', 'flowTable'], ['reassembly_bytes', 'reassemblyBytes'],
  ['ip_fragments', 'ipFragments'], ['tls_held_bytes', 'tlsHeldBytes'], ['oversized_handshake', 'oversizedHandshake'],
  ['certificates_per_message', 'certificatesPerMessage'],
];

/** `elapsedMs`: the run's wall time; with the input bytes it gives the throughput. */
export function formatStats(stats: ExtractStats, certificates: number, elapsedMs: number): string {
  const seconds = elapsedMs / 1000;
  const rows: Array<[string, number | string]> = [
    ['files', stats.files], ['packets', stats.packets], ['bytes', stats.bytes], ['flows', stats.flows],
    ['handshakes', stats.handshakes], ['server_chains', stats.serverChains], ['client_chains', stats.clientChains],
    ['certificates', certificates], ['encrypted', stats.encrypted], ['gaps', stats.gaps],
    ['malformed', stats.malformed], ['snap_cut', stats.snapCut], ['truncated', stats.truncated], ['zeek_logs', stats.zeekLogs], ['zeek_lines', stats.zeekLines], ['eve_logs', stats.eveLogs], ['eve_lines', stats.eveLines],
    ['lone_certificates', stats.loneCertificates], ['skipped_files', stats.skipped],
    ['overlap_conflicts', stats.overlapConflicts], ['syn_resyncs', stats.synResyncs], ['capture_workers', stats.captureWorkers],
    ...LIMIT_ROWS.map(([name, key]): [string, number] => [`limit.${name}`, stats.limits[key]]),
    ['input_bytes', stats.inputBytes], ['elapsed_s', seconds.toFixed(2)],
    ['throughput_mb_s', seconds > 0 ? (stats.inputBytes / 1e6 / seconds).toFixed(1) : '0.0'],
    ['handshakes_per_s', seconds > 0 ? Math.round(stats.handshakes / seconds) : 0],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n';
}
