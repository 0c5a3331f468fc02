/** The seed query's output: `fields _messagetime, device_hostname, … | sort by _messagetime desc`. */
import { sortNewestFirst } from './sort';
import type { DetectionBranch, HostDetection } from './types';

/** One row as the query returns it (CSE field names). */
export interface SeedRow {
  _messagetime: number;
  device_hostname?: string;
  user_username?: string;
  baseImage?: string;
  commandLine?: string;
  parentBaseImage?: string;
  detectionBranch: DetectionBranch;
  targetsRootStore: 'true' | 'false';
}

/** The rows the seed query returns for these detections: only seed matches, newest first. */
export function seedRows(detections: readonly HostDetection[]): SeedRow[] {
  const rows: SeedRow[] = [];
  for (const d of sortNewestFirst(detections)) {
    if (d.seed === null) continue;
    const e = d.event;
    rows.push({
      _messagetime: e.time,
      device_hostname: e.host,
      user_username: e.user,
      baseImage: e.image,
      commandLine: e.commandLine,
      parentBaseImage: e.parentImage,
      detectionBranch: d.seed.detectionBranch,
      targetsRootStore: d.seed.targetsRootStore,
    });
  }
  return rows;
}
