/**
 * The bench's two traffic mixes, made once in the bench folder (never in the repo) with what each holds:
 * - `realistic`: a sensor's GiB of mixed traffic (issue #17's figures: 1.37 M packets, 24,576 TLS connections of
 *   which a quarter TLS 1.3, ~18.5 k visible server chains, ~1.7 k client chains, ~2 k distinct certificates, ~3.9 k
 *   server addresses; bulk TCP, QUIC, DNS and RTP between; impaired paths);
 * - `dense`: mostly short TLS sessions (handshake, one small request and answer), for the per-connection cost.
 * BENCH_SCALE (quick mode: 1/8) shrinks both alike.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeMix, type MixSpec, type MixTruth } from './mix';
import { trafficPki } from './pki';

/** Bumped when the generator changes, so a stale capture is made again. */
const MIX_VERSION = 5;

export const REALISTIC: MixSpec = {
  name: 'realistic', seed: 17, seconds: 300, tlsConnections: 24_576, tls13Share: 0.248, mutualShare: 0.088,
  sites: 1700, serverAddresses: 8000, clientHosts: 800, extraRequests: 0.6, responseMedian: 3500, responseSigma: 1.5,
  bulkFlows: 65, bulkMedian: 3_450_000, quicFlows: 230, quicMedian: 200_000, rtpCalls: 6, dnsQueries: 20_000, impairedShare: 0.2,
};

export const DENSE: MixSpec = {
  name: 'dense', seed: 1717, seconds: 120, tlsConnections: 65_536, tls13Share: 0.25, mutualShare: 0.06,
  sites: 2000, serverAddresses: 6000, clientHosts: 1500, extraRequests: 0, responseMedian: 1200, responseSigma: 0.8,
  bulkFlows: 8, bulkMedian: 4_000_000, quicFlows: 50, quicMedian: 100_000, rtpCalls: 4, dnsQueries: 20_000, impairedShare: 0.1,
};

/** `spec` shrunk (or grown) by `scale`, its proportions kept. */
export function scaled(spec: MixSpec, scale: number): MixSpec {
  const n = (v: number, min = 1) => Math.max(min, Math.round(v * scale));
  return {
    ...spec, seconds: n(spec.seconds, 10), tlsConnections: n(spec.tlsConnections), sites: n(spec.sites, 50), serverAddresses: n(spec.serverAddresses, 100),
    clientHosts: n(spec.clientHosts, 50), bulkFlows: n(spec.bulkFlows), quicFlows: n(spec.quicFlows), rtpCalls: n(spec.rtpCalls), dnsQueries: n(spec.dnsQueries),
  };
}

export interface PreparedMix {
  readonly path: string;
  readonly truth: MixTruth;
}

/** The capture of `spec` at `scale` in `dir`, made (with its truth file) unless it is there. */
export async function prepareMix(dir: string, spec: MixSpec, scale: number, log: (s: string) => void): Promise<PreparedMix> {
  const path = join(dir, `${spec.name}-v${MIX_VERSION}-x${scale}.pcap`);
  const truthFile = `${path}.truth.json`;
  if (existsSync(path) && existsSync(truthFile)) return { path, truth: JSON.parse(readFileSync(truthFile, 'utf8')) as MixTruth };
  const pki = await trafficPki(join(dir, 'mix-pki.json'), { serverLeaves: Math.max(REALISTIC.sites, DENSE.sites), clientLeaves: 400 }, log);
  log(`generating ${path}…`);
  const truth = writeMix(path, scaled(spec, scale), pki, log);
  writeFileSync(truthFile, JSON.stringify(truth, null, 2));
  return { path, truth };
}
