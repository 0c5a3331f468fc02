/**
 * One HostEvent → one HostDetection (or null). The seed rule's values are kept exactly as the query gives them;
 * certhound's own fields (tool, store, rootStore, names) and verdict sit beside them. A detection is returned
 * when the seed matches, or when certhound's own reading of the event is at least `low`.
 */
import { analyzeCommandLine } from './command-line';
import type { HostConfig } from './config';
import { ROOT_STORES } from './consts';
import { seedRule } from './seed-rule';
import { suppressionReason } from './suppress';
import { fileNameOf, toolFromImage } from './tool-from-image';
import { judgeCommand, VerdictBuilder } from './verdict';
import type { HostDetection, HostEvent } from './types';

export interface DetectHostOptions {
  /** Evaluate the seed with Sumo's literal whole-string `matches` (default: substring search). */
  sumoStrict?: boolean;
}

export function detectHost(ev: HostEvent, config: HostConfig, opts: DetectHostOptions = {}): HostDetection | null {
  return ev.kind === 'registry' ? detectRegistry(ev, config, opts) : detectProcess(ev, config, opts);
}

function detectProcess(ev: HostEvent, config: HostConfig, opts: DetectHostOptions): HostDetection | null {
  const seed = seedRule({ baseImage: ev.image, commandLine: ev.commandLine }, opts);
  // Most processes are no certificate tool and miss the seed: nothing to read in their command lines.
  if (seed === null && ev.image !== undefined && toolFromImage(ev.image) === undefined) return null;
  const cmd = ev.commandLine ?? '';
  const analysis = analyzeCommandLine(cmd, ev.image, ev.argv);
  const { tool, store, actions } = analysis;
  // Root/AuthRoot by name; outside Windows stores, an install as trust anchor or an AD RootCA publish.
  const rootStore =
    (store !== undefined && ROOT_STORES.has(store.toLowerCase())) ||
    actions.includes('trust-anchor-install') ||
    (actions.includes('ca-publish') && store?.toLowerCase() === 'rootca');
  const verdict = judgeCommand(analysis, tool, rootStore, seed, config);
  if (seed === null && verdict.level() === 'info') return null;
  const detection: HostDetection = { event: ev, seed, rootStore, names: analysis.names, verdict: verdict.build() };
  if (tool !== undefined) detection.tool = tool;
  if (store !== undefined) detection.store = store;
  const reason = suppressionReason(ev, analysis.names, store, config);
  if (reason !== undefined) detection.suppressed = { reason };
  return detection;
}

/** Sysmon 12/13 under …\SystemCertificates\<store>\Certificates\<thumbprint>: a certificate landing in a store. */
function detectRegistry(ev: HostEvent, config: HostConfig, opts: DetectHostOptions): HostDetection | null {
  const store = ev.registryStore;
  if (store === undefined || ev.registryAction === 'delete') return null;
  if (!config.registryStores.some((s) => s.toLowerCase() === store.toLowerCase())) return null;
  // CSE maps Sysmon 12/13 to EndpointProcess with no commandLine; the seed sees only the image.
  const seed = seedRule({ baseImage: ev.image, commandLine: ev.commandLine }, opts);
  const rootStore = ROOT_STORES.has(store.toLowerCase());
  const names: HostDetection['names'] = { dnsNames: [], files: [], thumbprints: ev.registryThumbprint ? [ev.registryThumbprint] : [] };
  const writer = ev.image ? fileNameOf(ev.image).toLowerCase() : 'an unknown process';
  const autoUpdate =
    store.toLowerCase() === 'authroot' && config.rootAutoUpdateImages.some((i) => i.toLowerCase() === writer);
  const v = new VerdictBuilder();
  const what = `certificate ${ev.registryThumbprint ?? '(no thumbprint)'} written to the ${store} store by ${writer}`;
  if (autoUpdate) v.add('info', `${what} (Windows automatic root update)`);
  else v.add(rootStore ? 'high' : 'medium', what);
  if (seed !== null) v.add('low', `seed rule: ${seed.detectionBranch}`);
  const detection: HostDetection = { event: ev, seed, store, rootStore, names, verdict: v.build() };
  const tool = toolFromImage(ev.image);
  if (tool !== undefined) detection.tool = tool;
  const reason = suppressionReason(ev, names, store, config);
  if (reason !== undefined) detection.suppressed = { reason };
  return detection;
}
