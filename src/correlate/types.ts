/** Records of the correlate stage: network findings × host detections → incidents. */
import type { Finding, Severity } from '../detect/types';
import type { HostDetection } from '../host/types';

/**
 * How a host detection is tied to a finding:
 * - `name`: a CN or DNS name the command line gives equals the certificate's subject CN or a SAN (case-insensitive);
 * - `thumbprint`: a SHA-1 the host names (registry store key, command line) is the certificate's, at any chain position;
 * - `address`: the host's address is a server that presented the certificate, or a client that received it;
 * - `time`: the certificate's notBefore, or its first sighting, falls in the window after the host event.
 */
export type LinkKind = 'name' | 'thumbprint' | 'address' | 'time';

export interface Link {
  readonly kind: LinkKind;
  /** One line quoting both sides, e.g. `command line names CN 'Microsoft IT TLS CA 5' = certificate subject CN`. */
  readonly evidence: string;
  /** Time links only: what fell in the window (notBefore says the certificate was made then; a sighting only that it appeared). */
  readonly basis?: 'not-before' | 'first-seen';
}

export interface LinkedDetection {
  readonly detection: HostDetection;
  readonly links: Link[];
  /**
   * Tied by address and time alone: nothing the host event names is this certificate. Such a tie is listed, its
   * address link saying it is weak, but it neither raises the incident's severity nor adds to its score.
   */
  readonly weak?: boolean;
}

export interface Incident {
  readonly finding: Finding;
  /** Tied detections, strongest tie first. */
  readonly detections: LinkedDetection[];
  /** 0–100 inside the severity's band: the finding's score plus what the strong links add (see score-incident.ts). */
  readonly score: number;
  readonly severity: Severity;
  /** Set when every tied detection was suppressed by a host tuning rule (only with `includeSuppressed`). */
  readonly suppressed?: { readonly reason: string };
}

export interface CorrelateOptions {
  /** How long after a host event a certificate's notBefore or first sighting still counts as its doing. */
  windowMs: number;
  /** Tolerance before the host event: notBefore has one-second precision, and host and sensor clocks differ. */
  clockSkewMs: number;
  /** Also tie detections a host tuning rule suppressed (they mark the incident, never raise it). */
  includeSuppressed: boolean;
  /**
   * Addresses of hosts whose events carry none (Sysmon, 4688 and auditd give a name only), keyed by lower-case host
   * name; a short name also covers events that give its FQDN. An event's own address wins.
   */
  hostAddresses: ReadonlyMap<string, readonly string[]>;
}

export const DEFAULT_CORRELATE_OPTIONS: CorrelateOptions = {
  windowMs: 60 * 60 * 1000,
  clockSkewMs: 2 * 60 * 1000,
  includeSuppressed: false,
  hostAddresses: new Map(),
};
