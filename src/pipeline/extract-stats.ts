/** What a run counted (`--stats`, the baseline's run record), and how a capture's and a handshake's counts add up. */
import type { CaptureSummary } from '../capture/types';
import type { NetStats } from '../net/types';
import type { TlsTracker } from '../tls';
import type { Handshake } from '../tls/types';

/**
 * How often each of the run's bounds bit (README "Limits"): every one is a named constant, and what it cost is
 * counted here rather than lost in silence.
 */
export interface LimitCounts {
  /** Capture records over MAX_BUFFERED_RECORD_BYTES, skipped unread. */
  captureRecord: number;
  /** Live flows evicted because the flow table held DEFAULT_MAX_FLOWS. */
  flowTable: number;
  /** Flows ended because out-of-order bytes over all flows reached their cap. */
  reassemblyBytes: number;
  /** IP datagrams whose fragments were given up (timeout, caps). */
  ipFragments: number;
  /** Flow directions given up because the tls stage's held bytes reached MAX_TLS_HELD_BYTES. */
  tlsHeldBytes: number;
  /** Directions whose handshake messages passed MAX_HANDSHAKE_BYTES (`handshake-too-large`). */
  oversizedHandshake: number;
  /** Certificate messages cut at MAX_CERTIFICATES_PER_MESSAGE. */
  certificatesPerMessage: number;
}

export interface ExtractStats {
  files: number;
  captures: number;
  zeekLogs: number;
  packets: number;
  bytes: number;
  flows: number;
  handshakes: number;
  serverChains: number;
  clientChains: number;
  encrypted: number;
  gaps: number;
  malformed: number;
  truncated: number;
  /** Frames the snaplen cut short inside their transport payload (what was captured is still used). */
  snapCut: number;
  /** Files met while walking a folder that are neither captures nor Zeek or EVE logs. */
  skipped: number;
  /** Zeek log lines read (old lines of files a sweep resumed are not). */
  zeekLines: number;
  /** TCP segments whose bytes differ from held bytes of the same sequence numbers (the first seen won). */
  overlapConflicts: number;
  /** TCP directions restarted by a SYN or SYN-ACK with a new initial sequence number before any data. */
  synResyncs: number;
  /** Threads that read the captures: 1 for the run's own, more for capture workers (0: no capture). */
  captureWorkers: number;
  limits: LimitCounts;
  /** Suricata EVE files read, and their lines (as for Zeek). */
  eveLogs: number;
  eveLines: number;
  /** Certificates logs described without a connection (x509 lines no ssl line named). */
  loneCertificates: number;
  /** Bytes read of all inputs, as on disk (compressed ones compressed). */
  inputBytes: number;
}

export function emptyStats(): ExtractStats {
  return {
    files: 0, captures: 0, zeekLogs: 0, packets: 0, bytes: 0, flows: 0, handshakes: 0,
    serverChains: 0, clientChains: 0, encrypted: 0, gaps: 0, malformed: 0, truncated: 0, snapCut: 0, skipped: 0, zeekLines: 0,
    eveLogs: 0, eveLines: 0, loneCertificates: 0, inputBytes: 0, overlapConflicts: 0, synResyncs: 0, captureWorkers: 0,
    limits: {
      captureRecord: 0, flowTable: 0, reassemblyBytes: 0, ipFragments: 0, tlsHeldBytes: 0, oversizedHandshake: 0, certificatesPerMessage: 0,
    },
  };
}

/** The stats as flat counters (a run record's): each limit as `limit.<name>`. */
export function countersOf(stats: ExtractStats): Record<string, number> {
  const { limits, ...counts } = stats;
  const out: Record<string, number> = { ...counts };
  for (const [name, n] of Object.entries(limits)) out[`limit.${name}`] = n;
  return out;
}

export function countHandshake(stats: ExtractStats, h: Handshake): void {
  stats.handshakes++;
  if (h.serverChain.status === 'present') stats.serverChains++;
  if (h.clientChain.status === 'present') stats.clientChains++;
  if (h.serverChain.status === 'encrypted') stats.encrypted++;
}

export function addCaptureStats(stats: ExtractStats, net: NetStats, tracker: TlsTracker, capture: CaptureSummary): void {
  stats.packets += capture.packets;
  stats.bytes += capture.bytes;
  stats.flows += net.flows;
  stats.gaps += net.gaps;
  stats.malformed += net.malformed;
  stats.snapCut += net.snapCut;
  stats.overlapConflicts += net.overlapConflicts;
  stats.synResyncs += net.synResyncs;
  const limits = stats.limits;
  limits.captureRecord += capture.anomalyCounts?.['oversized-record'] ?? 0;
  limits.flowTable += net.evictedFull;
  limits.reassemblyBytes += net.evictedByteCap;
  limits.ipFragments += net.ipDatagramsDropped ?? 0;
  limits.tlsHeldBytes += tracker.heldBytes.refused;
  limits.oversizedHandshake += tracker.stats.malformed['handshake-too-large'] ?? 0;
  limits.certificatesPerMessage += tracker.stats.malformed['too-many-certificates'] ?? 0;
  // A length field that cannot be right ends the reader just as a cut does: both leave the rest unread.
  if (capture.truncated || capture.anomalies.some((a) => a.kind === 'bad-record-length')) stats.truncated++;
}
