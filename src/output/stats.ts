/** `--stats`: the run's counters, one `name value` pair per line, on stderr. */
import type { ExtractStats, LimitCounts } from '../pipeline/extract';

/** Each bound's row: how often it bit (README "Limits" names the constant behind each). */
const LIMIT_ROWS: ReadonlyArray<[string, keyof LimitCounts]> = [
  ['capture_record', 'captureRecord'], ['flow_table', 'flowTable'], ['reassembly_bytes', 'reassemblyBytes'],
  ['ip_fragments', 'ipFragments'], ['tls_held_bytes', 'tlsHeldBytes'], ['oversized_handshake', 'oversizedHandshake'],
  ['certificates_per_message', 'certificatesPerMessage'],
];

export function formatStats(stats: ExtractStats, certificates: number): string {
  const rows: Array<[string, number]> = [
    ['files', stats.files], ['packets', stats.packets], ['bytes', stats.bytes], ['flows', stats.flows],
    ['handshakes', stats.handshakes], ['server_chains', stats.serverChains], ['client_chains', stats.clientChains],
    ['certificates', certificates], ['encrypted', stats.encrypted], ['gaps', stats.gaps],
    ['malformed', stats.malformed], ['snap_cut', stats.snapCut], ['truncated', stats.truncated], ['zeek_logs', stats.zeekLogs], ['zeek_lines', stats.zeekLines], ['skipped_files', stats.skipped],
    ['overlap_conflicts', stats.overlapConflicts], ['syn_resyncs', stats.synResyncs], ['capture_workers', stats.captureWorkers],
    ...LIMIT_ROWS.map(([name, key]): [string, number] => [`limit.${name}`, stats.limits[key]]),
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n';
}
