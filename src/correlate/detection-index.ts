/**
 * Host detections looked up by what a finding offers (names, SHA-1, addresses), so correlation costs
 * findings + detections, not their product. Address-only candidates still need a time link to tie.
 */
import type { Finding } from '../detect/types';
import type { HostDetection } from '../host/types';
import { commonNamesOf, nameKey } from './cert-names';
import { endpointIp, ipKey } from './ip-key';
import { hostAddressesOf, hostNames, hostThumbprints } from './links';
import type { CorrelateOptions } from './types';

function add(map: Map<string, HostDetection[]>, key: string | undefined, d: HostDetection): void {
  if (key === undefined || key === '') return;
  const list = map.get(key);
  if (!list) map.set(key, [d]);
  else if (list[list.length - 1] !== d) list.push(d);
}

export class DetectionIndex {
  private readonly byName = new Map<string, HostDetection[]>();
  private readonly byThumbprint = new Map<string, HostDetection[]>();
  private readonly byAddress = new Map<string, HostDetection[]>();

  constructor(detections: Iterable<HostDetection>, o: CorrelateOptions) {
    for (const d of detections) {
      for (const n of hostNames(d)) add(this.byName, nameKey(n), d);
      for (const t of hostThumbprints(d)) add(this.byThumbprint, t, d);
      for (const ip of hostAddressesOf(d, o).addresses) add(this.byAddress, ipKey(ip), d);
    }
  }

  /** Detections that share a name, a thumbprint or an address with the finding, each once, in index order. */
  candidates(f: Finding): HostDetection[] {
    const out = new Set<HostDetection>();
    const take = (list: HostDetection[] | undefined) => {
      if (list) for (const d of list) out.add(d);
    };
    for (const cn of commonNamesOf(f.facts.subject)) take(this.byName.get(nameKey(cn)));
    for (const san of f.facts.san) take(this.byName.get(nameKey(san)));
    take(this.byThumbprint.get(f.facts.sha1.toLowerCase()));
    for (const s of f.sightings.servers) {
      const key = ipKey(endpointIp(s));
      if (key !== undefined) take(this.byAddress.get(key));
    }
    for (const c of f.sightings.clients) {
      const key = ipKey(c);
      if (key !== undefined) take(this.byAddress.get(key));
    }
    return [...out];
  }
}
