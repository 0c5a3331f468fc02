/**
 * A host detection as an ECS alert document. The seed query's own output fields are kept under
 * `certhound.seed` with their CSE names, so a Sumo user finds exactly what the query would list.
 */
import type { HostDetection } from '../host/types';

export function hostDocument(d: HostDetection): Record<string, unknown> {
  const e = d.event;
  return {
    // A source without a readable time gets no @timestamp rather than 1970.
    '@timestamp': e.time ? new Date(e.time).toISOString() : undefined,
    event: { kind: 'alert', category: [e.kind === 'registry' ? 'registry' : 'process'], type: [e.kind === 'registry' ? 'change' : 'start'], module: 'certhound', dataset: 'certhound.host' },
    host: { name: e.host, ip: e.hostIp ? [e.hostIp] : undefined },
    user: { name: e.user },
    process: { executable: e.image, command_line: e.commandLine, args: e.argv, pid: e.pid, parent: { executable: e.parentImage, command_line: e.parentCommandLine, pid: e.parentPid } },
    registry: e.kind === 'registry' ? { path: e.registryKey } : undefined,
    rule: { name: 'T1587.003 certificate generation or store import', reference: 'https://attack.mitre.org/techniques/T1587/003/' },
    log: { file: { path: e.source.file }, origin: e.source.line === undefined ? undefined : { file: { line: e.source.line } } },
    certhound: {
      seed: d.seed ? {
        _messagetime: e.time, device_hostname: e.host, user_username: e.user, baseImage: e.image, commandLine: e.commandLine,
        parentBaseImage: e.parentImage, detectionBranch: d.seed.detectionBranch, targetsRootStore: d.seed.targetsRootStore,
      } : null,
      tool: d.tool,
      store: d.store,
      root_store: d.rootStore,
      names: d.names,
      severity: d.verdict.severity,
      reasons: d.verdict.reasons,
      suppressed: d.suppressed,
      source_format: e.source.format,
    },
  };
}
