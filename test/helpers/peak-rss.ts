/**
 * This process's peak RSS in MiB: the high-water mark of its own memory (`VmHWM` in /proc/self/status). Not
 * `process.resourceUsage().maxRSS`: Linux carries the RSS a parent had when it forked over exec into the child's
 * maxrss, so a child spawned by a jest worker of 320 MiB reported 320 MiB whatever it used itself.
 */
import { readFileSync } from 'node:fs';

export const PEAK_RSS_SOURCE = '/proc/self/status';

export function peakRssMiB(): number {
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(PEAK_RSS_SOURCE, 'utf8'));
    if (hwm) return Number(hwm[1]) / 1024;
  } catch {
    // not Linux: the kernel's maxrss, which may include a parent's size at fork
  }
  return process.resourceUsage().maxRSS / 1024;
}
