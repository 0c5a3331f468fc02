/**
 * Fixtures for the correlate stage, made by the stages that make them in the product: findings by detect's
 * FindingBuilder from certificates made in the test (detect-certs.ts), host detections by host's CSE record reader
 * and detectHost (records in the Sumo CSE normalised schema: SumoLogic/cloud-siem-content-catalog schema/full_schema.md).
 */
import { DEFAULT_CONFIG } from '../../src/detect/config';
import { FindingBuilder, type SightingInput } from '../../src/detect/finding-builder';
import type { Finding, TrustFn } from '../../src/detect/types';
import { DEFAULT_HOST_CONFIG, detectHost, type HostConfig, type HostDetection } from '../../src/host';
import { mapCseRecord } from '../../src/host/json-records';
import type { CertFacts } from '../../src/x509/types';
import { anchorTrust, shippedReference } from './detect-certs';

/** One presented chain (leaf first) and where/when it was seen. */
export interface Presented {
  chain: CertFacts[];
  sightings: SightingInput[];
}

/** Findings for every certificate of the presented chains; trust over the given anchors (none: nothing is trusted). */
export function findingsOf(presented: Presented[], trust: TrustFn = anchorTrust([])): Finding[] {
  const builder = new FindingBuilder(DEFAULT_CONFIG, trust, shippedReference());
  for (const p of presented) for (const s of p.sightings) builder.addSighting(p.chain, s);
  return builder.findings();
}

export function findingFor(findings: Finding[], facts: CertFacts): Finding {
  const f = findings.find((x) => x.sha256 === facts.sha256);
  if (!f) throw new Error(`no finding for ${facts.subject.rfc4514}`);
  return f;
}

/** A sighting at a fixed time with the given server and client addresses. */
export function seen(iso: string, server: string, client = '192.0.2.10', role: 'server' | 'client' = 'server'): SightingInput {
  const ms = Date.parse(iso);
  return {
    ts: { sec: Math.floor(ms / 1000), nsec: (ms % 1000) * 1e6 },
    server: { ip: server, port: 443 },
    client: { ip: client, port: 50000 },
    role,
    source: { file: 'test.pcap', frame: 1 },
  };
}

export interface CseSpec {
  time: string;
  host?: string;
  ip?: string;
  image?: string;
  commandLine?: string;
  /** A registry key under a certificate store (CSE `changeTarget`). */
  changeTarget?: string;
}

/** A CSE record as a JSON object (what a `.jsonl` line of the e2e test holds). */
export function cseRecord(s: CseSpec): Record<string, unknown> {
  return {
    _messagetime: Date.parse(s.time), device_hostname: s.host ?? 'web01', device_ip: s.ip, user_username: 'root',
    baseImage: s.image ?? '/usr/bin/openssl', commandLine: s.commandLine, changeTarget: s.changeTarget,
  };
}

/** The host stage's detection of one CSE record; throws when the record is not one (a broken fixture). */
export function detectionOf(s: CseSpec, config: HostConfig = DEFAULT_HOST_CONFIG): HostDetection {
  const ev = mapCseRecord(cseRecord(s), 'events.jsonl', 1);
  if (ev === null || typeof ev === 'string') throw new Error(`not a host event: ${String(ev)}`);
  const d = detectHost(ev, config);
  if (!d) throw new Error(`no detection for ${s.commandLine ?? s.changeTarget}`);
  return d;
}
