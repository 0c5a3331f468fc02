/**
 * A traffic mix as a sensor records it: TLS connections to thousands of servers (popularity by rank, CDN names on
 * several addresses, shared hosting, mutual TLS to a few services, TLS 1.3 hiding its certificates, TLS 1.0 on a
 * few legacy servers, clients of six kinds), plain bulk transfers, QUIC, DNS and RTP between them, all interleaved
 * in time, with duplicated and late segments on impaired paths. What went in is returned, so the bench can check
 * what a scan found. Written as it is made: memory holds only the flows open at the moment.
 */
import { createHash } from 'node:crypto';
import { PcapFileWriter } from '../pcap-stream';
import * as tls from './flights';
import { endpoint, udpFrame, type Endpoint, type Wire } from './frames';
import { pickProfile, type HelloProfile } from './hellos';
import { bulkExchange, dnsMessage, quicDatagram, rtpPacket, type BulkKind } from './payloads';
import { CAPTURE_TIME, type Site, type TrafficPki } from './pki';
import { Random, Zipf } from './random';
import { tcpFlow, type Step, type Timed } from './tcp-flow';

export interface MixSpec {
  readonly name: string;
  readonly seed: number;
  /** Seconds the capture spans (connections start uniformly within it). */
  readonly seconds: number;
  readonly tlsConnections: number;
  /** Share of TLS connections that negotiate TLS 1.3 (their certificates are encrypted). */
  readonly tls13Share: number;
  /** Share of TLS ≤ 1.2 connections that go to mutual-TLS services and send a client chain. */
  readonly mutualShare: number;
  /** Server leaves in use, by popularity rank; and the addresses they are spread over. */
  readonly sites: number;
  readonly serverAddresses: number;
  readonly clientHosts: number;
  /** Requests per TLS connection (1 + geometric with this mean of extras), and the response size (log-normal). */
  readonly extraRequests: number;
  readonly responseMedian: number;
  readonly responseSigma: number;
  /** Plain TCP transfers (HTTP, SSH, SMB) and their size (log-normal). */
  readonly bulkFlows: number;
  readonly bulkMedian: number;
  readonly quicFlows: number;
  readonly quicMedian: number;
  readonly rtpCalls: number;
  readonly dnsQueries: number;
  /** Share of TCP connections on impaired paths (1.5 % of their segments duplicated, 1 % late). */
  readonly impairedShare: number;
}

/** What a mix holds, counted as it was planned. */
export interface MixTruth {
  name: string;
  bytes: number;
  packets: number;
  seconds: number;
  tlsConnections: number;
  /** TLS ≤ 1.2 connections: their server chains are visible. */
  serverChains: number;
  clientChains: number;
  /** TLS 1.3 connections (certificates encrypted). */
  encrypted: number;
  distinctCertificates: number;
  serverAddresses: number;
  tcpFlows: number;
  udpFlows: number;
}

/** A site as the mix serves it: its certificates, where, on which port, and how its server behaves. */
interface Server {
  readonly site: Site;
  readonly addresses: Endpoint[];
  readonly legacy: boolean;
  readonly coalesce: boolean;
}

interface Client {
  readonly v4: string;
  readonly v6: string;
  readonly profile: HelloProfile;
  nextPort: number;
}

type Planned = { at: number; start(rng: Random): Generator<Timed> };

/** Share of connections that can negotiate TLS 1.3 (a TLS 1.3 client, no mutual TLS, no legacy server), as generated. */
const TLS13_CAPABLE = 0.86;

const TLS_PORTS = [443, 443, 443, 443, 443, 443, 443, 443, 443, 8443, 993, 995, 465, 636, 853, 5061, 9443];

function publicV4(rng: Random): string {
  for (;;) {
    const a = rng.int(1, 223);
    if (a === 10 || a === 127 || a === 172 || a === 192 || a === 100 || a === 169) continue;
    return `${a}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
  }
}

function publicV6(rng: Random): string {
  const h = () => rng.int(0, 0xffff).toString(16);
  return `2a0${rng.int(0, 9)}:${h()}:${h()}:${h()}::${h()}`;
}

class MixPlanner {
  readonly truth: MixTruth;
  private readonly servers: Server[] = [];
  private readonly mutualServers: Server[] = [];
  private readonly clients: Client[] = [];
  private readonly certs = new Set<string>();
  private readonly usedAddresses = new Set<string>();
  private readonly popularity: Zipf;
  private readonly mutualPopularity: Zipf;
  private readonly bulkSizes: number[];
  private readonly quicSizes: number[];

  constructor(private readonly spec: MixSpec, private readonly pki: TrafficPki, private readonly rng: Random) {
    this.truth = {
      name: spec.name, bytes: 0, packets: 0, seconds: 0, tlsConnections: 0, serverChains: 0, clientChains: 0, encrypted: 0,
      distinctCertificates: 0, serverAddresses: 0, tcpFlows: 0, udpFlows: 0,
    };
    const pool: Endpoint[] = [];
    const portOf = new Map<number, number>();
    for (let i = 0; i < spec.serverAddresses; i++) pool.push(endpoint(rng.chance(0.15) ? publicV6(rng) : publicV4(rng), 0));
    let cursor = 0;
    const sites = pki.sites.slice(0, spec.sites);
    for (let rank = 0; rank < sites.length; rank++) {
      const port = rank < 40 ? 443 : rng.pick(TLS_PORTS);
      const count = 1 + (rank < 40 ? rng.int(6, 20) : rng.chance(0.6) ? rng.int(1, 4) : 0);
      const addresses: Endpoint[] = [];
      for (let k = 0; k < count; k++) {
        const at = cursor++ % pool.length;
        portOf.set(at, port);
        addresses.push({ ip: pool[at].ip, port });
      }
      const server: Server = { site: sites[rank], addresses, legacy: rng.chance(0.02), coalesce: rng.chance(0.8) };
      // A few services on the mid ranks ask every client for its certificate (internal APIs, device management).
      if (rank % 37 === 5 && sites[rank].chain.length > 1) this.mutualServers.push(server);
      else this.servers.push(server);
    }
    this.bulkSizes = rng.logNormalsWithMean(spec.bulkFlows, spec.bulkMedian, 1);
    this.quicSizes = rng.logNormalsWithMean(spec.quicFlows, spec.quicMedian, 1.2);
    this.popularity = new Zipf(this.servers.length, 0.9);
    this.mutualPopularity = new Zipf(this.mutualServers.length, 0.8);
    for (let i = 0; i < spec.clientHosts; i++) {
      this.clients.push({ v4: `10.20.${i >> 8}.${(i & 0xff) + 1}`, v6: `fd00:20::${(i + 1).toString(16)}`, profile: pickProfile(rng), nextPort: rng.int(32768, 60000) });
    }
  }

  private port(c: Client): number {
    const p = c.nextPort;
    c.nextPort = p >= 60999 ? 32768 : p + 1;
    return p;
  }

  private countChain(chain: readonly Buffer[]): void {
    for (const der of chain) this.certs.add(createHash('sha256').update(der).digest('hex'));
  }

  private rtt(): number {
    return Math.round(this.rng.logNormal(35_000, 0.7));
  }

  private impairment(): { duplicate: number; late: number } {
    return this.rng.chance(this.spec.impairedShare) ? { duplicate: 0.015, late: 0.01 } : { duplicate: 0, late: 0 };
  }

  /** One TLS connection: who, to which server, which version, and what its steps carry (built when it starts). */
  tlsConnection(at: number): Planned {
    const { rng, spec } = this;
    const mutual = this.mutualServers.length > 0 && rng.chance(spec.mutualShare * (1 - spec.tls13Share));
    const server = mutual ? this.mutualServers[this.mutualPopularity.draw(rng)] : this.servers[this.popularity.draw(rng)];
    // Device certificates live on the first hosts; a mutual-TLS client is one of them.
    const clientIndex = mutual ? rng.int(0, Math.min(this.pki.clients.length, spec.clientHosts) - 1) : rng.int(0, spec.clientHosts - 1);
    const client = this.clients[clientIndex];
    const address = rng.pick(server.addresses);
    const v6 = address.ip.length === 16;
    const wire: Wire = { client: endpoint(v6 ? client.v6 : client.v4, this.port(client)), server: address, ...(rng.chance(0.2) ? { vlan: 100 } : {}) };
    const tls13 = !mutual && !server.legacy && client.profile.tls13 && rng.chance(spec.tls13Share / TLS13_CAPABLE);
    const clientChain = mutual ? this.pki.clients[clientIndex % this.pki.clients.length] : undefined;
    const wildcardFree = server.site.names.filter((n) => !n.startsWith('*'));
    const serverName = rng.chance(0.03) ? undefined : rng.pick(wildcardFree);
    this.truth.tlsConnections++;
    this.truth.tcpFlows++;
    this.usedAddresses.add(address.ip.toString('hex'));
    if (tls13) this.truth.encrypted++;
    else {
      this.truth.serverChains++;
      this.countChain(server.site.chain);
      if (clientChain) {
        this.truth.clientChains++;
        this.countChain(clientChain);
      }
    }
    const requests = 1 + Math.floor(rng.exponential(spec.extraRequests));
    const version = server.legacy ? 0x0301 : 0x0303;
    const { duplicate, late } = this.impairment();
    const rtt = this.rtt();
    const seed = rng.int(0, 0x7fffffff);
    return {
      at,
      start: (r) => {
        const flowRng = new Random(seed);
        const hello = client.profile.hello(serverName, flowRng);
        const steps: Step[] = [{ from: 'client', pieces: [hello], pause: 0 }];
        if (tls13) {
          const chainBytes = server.site.chain.reduce((n, d) => n + d.length + 7, 0);
          const pq = client.profile.name !== 'curl';
          steps.push({ from: 'server', pieces: [tls.tls13ServerFlight(chainBytes, pq, flowRng)], pause: 300 });
          steps.push({ from: 'client', pieces: [tls.tls13ClientFinish(flowRng)], pause: 200 });
        } else {
          steps.push({ from: 'server', pieces: [tls.tls12ServerFlight(server.site.chain, { version, certificateRequest: mutual, coalesce: server.coalesce }, flowRng)], pause: 300 });
          steps.push({ from: 'client', pieces: [tls.tls12ClientFinish(version, clientChain, flowRng)], pause: 400 });
          steps.push({ from: 'server', pieces: [tls.tls12ServerFinish(version, flowRng.chance(0.6), flowRng)], pause: 200 });
        }
        for (let i = 0; i < requests; i++) {
          steps.push({ from: 'client', pieces: [tls.applicationData(Math.round(flowRng.logNormal(500, 0.6)), flowRng)], pause: i === 0 ? 100 : Math.round(flowRng.exponential(2_000_000)) });
          const response = Math.min(8 << 20, Math.round(flowRng.logNormal(spec.responseMedian, spec.responseSigma)));
          steps.push({ from: 'server', pieces: tls.applicationDataPieces(response, flowRng), pause: Math.round(flowRng.logNormal(20_000, 1)) });
        }
        steps.push({ from: 'client', pieces: [tls.closeNotify(version, flowRng)], pause: Math.round(flowRng.exponential(1_000_000)) });
        return tcpFlow({
          wire, start: at, rtt, steps, close: flowRng.chance(0.1) ? 'rst' : 'fin', timestamps: client.profile.name !== 'schannel',
          duplicate, late, clientIsn: flowRng.int(0, 0xffffffff), serverIsn: flowRng.int(0, 0xffffffff),
        }, r);
      },
    };
  }

  bulk(at: number): Planned {
    const { rng, spec } = this;
    const kind: BulkKind = rng.pick(['http', 'http', 'ssh', 'smb']);
    const port = { http: 80, ssh: 22, smb: 445 }[kind];
    const client = rng.pick(this.clients);
    const server = endpoint(kind === 'http' ? publicV4(rng) : `10.30.${rng.int(0, 3)}.${rng.int(1, 254)}`, port);
    const bytes = this.bulkSizes.pop() ?? spec.bulkMedian;
    const { duplicate, late } = this.impairment();
    const rtt = kind === 'http' ? this.rtt() : 400;
    const seed = rng.int(0, 0x7fffffff);
    this.truth.tcpFlows++;
    return {
      at,
      start: (r) => {
        const flowRng = new Random(seed);
        const exchange = bulkExchange(kind, bytes, flowRng);
        return tcpFlow({
          wire: { client: endpoint(client.v4, this.port(client)), server }, start: at, rtt,
          steps: [{ from: 'client', pieces: exchange.client, pause: 0 }, { from: 'server', pieces: exchange.server, pause: 2000 }],
          close: 'fin', timestamps: true, duplicate, late, clientIsn: flowRng.int(0, 0xffffffff), serverIsn: flowRng.int(0, 0xffffffff),
        }, r);
      },
    };
  }

  quic(at: number): Planned {
    const { rng, spec } = this;
    const client = rng.pick(this.clients);
    const wire: Wire = { client: endpoint(client.v4, this.port(client)), server: endpoint(publicV4(rng), 443) };
    const bytes = this.quicSizes.pop() ?? spec.quicMedian;
    this.truth.udpFlows++;
    return {
      at,
      *start(r) {
        let t = at;
        let id = r.int(0, 0xffff);
        yield { t, frame: udpFrame(wire, true, quicDatagram(true, 1250, r), id++) };
        t += 30_000;
        for (let sent = 0, n = 0; sent < bytes; n++) {
          const size = Math.min(1252, bytes - sent + 40);
          yield { t, frame: udpFrame(wire, false, quicDatagram(n === 0, size, r), id++) };
          sent += size;
          t += 110;
          if (n % 2 === 1) yield { t: t + 20, frame: udpFrame(wire, true, quicDatagram(false, 40, r), id++) };
        }
      },
    };
  }

  rtp(at: number): Planned {
    const { rng } = this;
    const client = rng.pick(this.clients);
    const wire: Wire = { client: endpoint(client.v4, 2 * rng.int(8000, 16000)), server: endpoint(`10.40.0.${rng.int(2, 60)}`, 2 * rng.int(8000, 16000)) };
    const packets = rng.int(1000, 9000);
    this.truth.udpFlows++;
    return {
      at,
      *start(r) {
        const ssrcOut = r.int(1, 0x7fffffff);
        const ssrcIn = r.int(1, 0x7fffffff);
        let id = r.int(0, 0xffff);
        for (let i = 0; i < packets; i++) {
          const t = at + i * 20_000;
          yield { t, frame: udpFrame(wire, true, rtpPacket(i, ssrcOut), id++) };
          yield { t: t + 7_000, frame: udpFrame(wire, false, rtpPacket(i, ssrcIn), id++) };
        }
      },
    };
  }

  dns(at: number): Planned {
    const { rng } = this;
    const client = rng.pick(this.clients);
    const name = rng.pick(rng.pick(this.servers).site.names).replace('*', 'www');
    const wire: Wire = { client: endpoint(client.v4, this.port(client)), server: endpoint('10.0.0.53', 53) };
    const id = rng.int(0, 0xffff);
    this.truth.udpFlows++;
    return {
      at,
      *start() {
        yield { t: at, frame: udpFrame(wire, true, dnsMessage(name, id, false), id) };
        yield { t: at + 4_000, frame: udpFrame(wire, false, dnsMessage(name, id, true), id + 1) };
      },
    };
  }

  finishTruth(): void {
    this.truth.distinctCertificates = this.certs.size;
    this.truth.serverAddresses = this.usedAddresses.size;
  }
}

/** Flows that are open, ordered by the time of their next packet. */
class Heap {
  private readonly items: Array<{ next: Timed; flow: Generator<Timed> }> = [];

  get size(): number {
    return this.items.length;
  }

  peekTime(): number {
    return this.items.length > 0 ? this.items[0].next.t : Infinity;
  }

  push(item: { next: Timed; flow: Generator<Timed> }): void {
    const a = this.items;
    a.push(item);
    for (let i = a.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (a[parent].next.t <= a[i].next.t) break;
      [a[parent], a[i]] = [a[i], a[parent]];
      i = parent;
    }
  }

  pop(): { next: Timed; flow: Generator<Timed> } {
    const a = this.items;
    const top = a[0];
    const last = a.pop() as (typeof a)[number];
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l].next.t < a[m].next.t) m = l;
        if (r < a.length && a[r].next.t < a[m].next.t) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}

/** Writes the mix to `path` and returns what it holds. */
export function writeMix(path: string, spec: MixSpec, pki: TrafficPki, log: (s: string) => void): MixTruth {
  const rng = new Random(spec.seed);
  const planner = new MixPlanner(spec, pki, rng);
  const start = CAPTURE_TIME * 1000;
  const span = spec.seconds * 1e6;
  const plans: Planned[] = [];
  const add = (count: number, make: (at: number) => Planned): void => {
    for (let i = 0; i < count; i++) plans.push(make(start + Math.floor(rng.next() * span)));
  };
  add(spec.tlsConnections, (at) => planner.tlsConnection(at));
  add(spec.bulkFlows, (at) => planner.bulk(at));
  add(spec.quicFlows, (at) => planner.quic(at));
  add(spec.rtpCalls, (at) => planner.rtp(at));
  add(spec.dnsQueries, (at) => planner.dns(at));
  planner.finishTruth();
  plans.sort((a, b) => a.at - b.at);

  const out = new PcapFileWriter(path);
  const open = new Heap();
  const flowRng = new Random(spec.seed ^ 0x9e3779b9);
  let last = start;
  let nextLog = 64 << 20;
  for (let p = 0; p < plans.length || open.size > 0;) {
    if (p < plans.length && plans[p].at <= open.peekTime()) {
      const flow = plans[p++].start(flowRng);
      const first = flow.next();
      if (!first.done) open.push({ next: first.value, flow });
      continue;
    }
    const item = open.pop();
    // A late or repeated segment may be stamped before the last packet written: a capture's clock only moves on.
    last = Math.max(last, Math.round(item.next.t));
    out.packet(last, item.next.frame);
    const following = item.flow.next();
    if (!following.done) open.push({ next: following.value, flow: item.flow });
    if (out.bytes >= nextLog) {
      log(`${spec.name}: ${(out.bytes / 1048576).toFixed(0)} MiB, ${open.size} flows open`);
      nextLog += 64 << 20;
    }
  }
  out.close();
  const truth = planner.truth;
  truth.bytes = out.bytes;
  truth.packets = out.packets;
  truth.seconds = (last - start) / 1e6;
  return truth;
}
