/** Records of the correlate stage: network findings × host detections → incidents. */
import type { Finding, Severity } from '../detect/types';
import type { HostDetection } from '../host/types';

/**
 * How a host detection is tied to a finding:
 * - `name`: a CN or DNS name the command line gives equals the certificate's subject CN or a SAN (case-insensitive);
 * - `thumbprint`: a SHA-1 the host names (registry store event, command line) is the certificate's;
 * - `address`: the host's address is a server that presented the certificate, or a client that received it;
 * - `time`: the certificate's notBefore, or its first sighting, falls in the window after the host event.
 */
export type LinkKind = 'name' | 'thumbprint' | 'address' | 'time';

export interface Link {
  readonly kind: LinkKind;
  /** One line quoting both sides, e.g. `-subj CN=Microsoft IT TLS CA 5 = subject CN`. */
  readonly evidence: string;
}

export interface LinkedDetection {
  readonly detection: HostDetection;
  readonly links: Link[];
}

export interface Incident {
  readonly finding: Finding;
  readonly detections: LinkedDetection[];
  /** 0–100: the finding's score plus what the links add (see correlate.ts). */
  readonly score: number;
  readonly severity: Severity;
}

export interface CorrelateOptions {
  /** A certificate's notBefore counts as made by the host event when it falls this long after it (openssl stamps
   *  notBefore at generation), allowing `clockSkewMs` before it. */
  notBeforeWindowMs: number;
  /** A first network sighting counts when it falls this long after the host event. */
  sightingWindowMs: number;
  clockSkewMs: number;
}

export const DEFAULT_CORRELATE_OPTIONS: CorrelateOptions = {
  notBeforeWindowMs: 15 * 60 * 1000,
  sightingWindowMs: 7 * 24 * 3600 * 1000,
  clockSkewMs: 2 * 60 * 1000,
};
