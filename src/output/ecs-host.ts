/**
 * A host detection as an ECS alert document. The seed query's own output fields are kept under
 * `certhound.seed` with their CSE names, so a Sumo user finds exactly what the query would list.
 */
import type { HostDetection } from '../host/types';
import { ipKey } from '../correlate/ip-key';
import { ecsBase, type EcsOptions } from './ecs-common';
import { ecsDateFromMs, distinctValues } from './ecs-values';
import { TECHNIQUES, attackUrl } from './attack-techniques';

const SEED_TECHNIQUE = TECHNIQUES.developCertificate;

export function hostDocument(d: HostDetection, opts: EcsOptions = {}): Record<string, unknown> {
  const e = d.event;
  const time = ecsDateFromMs(e.time);
  const hostIp = e.hostIp === undefined ? undefined : ipKey(e.hostIp);
  const registry = e.kind === 'registry';
  return {
    // A source without a readable time gets no @timestamp rather than 1970.
    '@timestamp': time,
    ...ecsBase(opts),
    event: {
      kind: d.verdict.severity === 'info' || d.suppressed ? 'event' : 'alert',
      category: [registry ? 'registry' : 'process'], type: [registry ? 'change' : 'start'], module: 'certhound', dataset: 'certhound.host',
    },
    host: { name: e.host, ip: hostIp ? [hostIp] : undefined },
    user: { name: e.user },
    process: {
      executable: e.image, command_line: e.commandLine, args: e.argv, pid: e.pid,
      parent: { executable: e.parentImage, command_line: e.parentCommandLine, pid: e.parentPid },
    },
    registry: registry ? { path: e.registryKey } : undefined,
    rule: { name: 'T1587.003 certificate generation or store import', reference: attackUrl(SEED_TECHNIQUE.id), ruleset: 'certhound' },
    threat: {
      framework: 'MITRE ATT&CK',
      tactic: { id: SEED_TECHNIQUE.tactics.map((t) => t.id), name: SEED_TECHNIQUE.tactics.map((t) => t.name), reference: SEED_TECHNIQUE.tactics.map((t) => attackUrl(t.id)) },
      technique: {
        id: [SEED_TECHNIQUE.parent.id], name: [SEED_TECHNIQUE.parent.name], reference: [attackUrl(SEED_TECHNIQUE.parent.id)],
        subtechnique: { id: [SEED_TECHNIQUE.id], name: [SEED_TECHNIQUE.name], reference: [attackUrl(SEED_TECHNIQUE.id)] },
      },
    },
    related: {
      ip: hostIp ? [hostIp] : undefined,
      hosts: distinctValues([e.host, ...d.names.dnsNames]),
      hash: distinctValues([...d.names.thumbprints, e.registryThumbprint].map((t) => t?.toUpperCase())),
    },
    log: { file: { path: e.source.file } },
    certhound: {
      seed: d.seed ? {
        _messagetime: time === undefined ? undefined : e.time, device_hostname: e.host, user_username: e.user, baseImage: e.image, commandLine: e.commandLine,
        parentBaseImage: e.parentImage, detectionBranch: d.seed.detectionBranch, targetsRootStore: d.seed.targetsRootStore,
      } : undefined,
      tool: d.tool,
      store: d.store,
      root_store: d.rootStore,
      names: {
        subject: d.names.subject, common_name: d.names.commonName, dns_names: nonEmpty(d.names.dnsNames), files: nonEmpty(d.names.files),
        thumbprints: nonEmpty(d.names.thumbprints.map((t) => t.toUpperCase())), days: d.names.days, key_type: d.names.keyType,
        key_bits: d.names.keyBits, ip_addresses: d.names.ipAddresses && nonEmpty(d.names.ipAddresses), is_ca: d.names.isCa,
      },
      severity: d.verdict.severity,
      reasons: d.verdict.reasons,
      suppressed: d.suppressed,
      source: { file: e.source.file, line: e.source.line, format: e.source.format },
    },
  };
}

function nonEmpty(values: string[]): string[] | undefined {
  return values.length > 0 ? values : undefined;
}
