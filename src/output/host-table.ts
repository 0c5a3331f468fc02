/** Terminal rows for host detections: the seed's branch and flag beside certhound's own verdict. */
import type { HostDetection } from '../host/types';
import type { Column } from './table';

export const HOST_COLUMNS: Column<HostDetection>[] = [
  { header: 'TIME', value: (d) => (d.event.time ? new Date(d.event.time).toISOString().slice(0, 19).replace('T', ' ') : '-') },
  { header: 'HOST', value: (d) => d.event.host ?? '-' },
  { header: 'USER', value: (d) => d.event.user ?? '-' },
  { header: 'SEED BRANCH', value: (d) => d.seed?.detectionBranch ?? '(no seed hit)' },
  { header: 'ROOT', value: (d) => `${d.seed?.targetsRootStore ?? '-'}/${d.rootStore ? 'root' : d.store ?? '-'}` },
  { header: 'SEVERITY', value: (d) => (d.suppressed ? `${d.verdict.severity} (suppressed)` : d.verdict.severity) },
  { header: 'COMMAND', value: (d) => d.event.commandLine ?? d.event.registryKey ?? d.event.image ?? '', flexible: true },
];

export function hostReasons(d: HostDetection): string {
  const why = [...d.verdict.reasons];
  if (d.suppressed) why.push(`suppressed: ${d.suppressed.reason}`);
  return why.join('; ');
}
