/** Terminal rows for host detections: the seed's branch and flag beside certhound's own verdict. */
import type { HostDetection } from '../host/types';
import type { Column } from './table';

/** The command line is the evidence: it wraps and is the last to give way; the reasons wrap beside it. */
export const HOST_COLUMNS: Column<HostDetection>[] = [
  { header: 'TIME', value: (d) => (d.event.time ? new Date(d.event.time).toISOString().slice(0, 19).replace('T', ' ') : '-'), priority: 3, min: 19 },
  { header: 'HOST', value: (d) => d.event.host ?? '-', priority: 4, min: 12 },
  { header: 'USER', value: (d) => d.event.user ?? '-', priority: 1, min: 8 },
  { header: 'SEED BRANCH', value: (d) => d.seed?.detectionBranch ?? '(no seed hit)', priority: 2, min: 12 },
  { header: 'ROOT', value: (d) => `${d.seed?.targetsRootStore ?? '-'}/${d.rootStore ? 'root' : d.store ?? '-'}`, priority: 1, min: 5 },
  { header: 'SEVERITY', value: (d) => (d.suppressed ? `${d.verdict.severity} (suppressed)` : d.verdict.severity), priority: 4, min: 8, severity: (d) => d.verdict.severity },
  { header: 'COMMAND', value: (d) => d.event.commandLine ?? d.event.registryKey ?? d.event.image ?? '', priority: 6, wrap: true, min: 24 },
  { header: 'WHY', value: hostReasons, priority: 5, wrap: true, min: 20 },
];

function hostReasons(d: HostDetection): string {
  const why = [...d.verdict.reasons];
  if (d.suppressed) why.push(`suppressed: ${d.suppressed.reason}`);
  return why.join('; ');
}
