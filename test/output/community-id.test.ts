/**
 * Community ID v1 against the spec's own vectors (../shared/community-id, corelight/community-id-spec): the JSON
 * baselines pycommunityid computed from `pcaps/combined.pcap.gz`, default seed and seed 1, for the port-bearing
 * protocols (TCP, UDP, SCTP; certhound sees no ICMP), and the README's table rows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { communityId, connectionCommunityId } from '../../src/output/community-id';
import { SHARED_DIR } from '../helpers/corpus';

const BASELINE = join(SHARED_DIR, 'community-id', 'baseline');

interface Vector { proto: number; saddr: string; daddr: string; sport: number; dport: number; communityid: string }

function vectors(file: string): Vector[] {
  return (JSON.parse(readFileSync(join(BASELINE, file), 'utf8')) as Vector[]).filter((v) => [6, 17, 132].includes(v.proto));
}

describe('Community ID v1', () => {
  it.each([['baseline_deflt.json', 0], ['baseline_seed1.json', 1]])('matches every TCP/UDP/SCTP vector of %s', (file, seed) => {
    const vs = vectors(file);
    expect(vs.length).toBeGreaterThanOrEqual(8);
    for (const v of vs) expect(communityId(v.proto, v.saddr, v.sport, v.daddr, v.dport, seed)).toBe(v.communityid);
  });

  it('matches the README table rows, either direction', () => {
    expect(communityId(6, '1.2.3.4', 1122, '5.6.7.8', 3344)).toBe('1:wCb3OG7yAFWelaUydu0D+125CLM=');
    expect(communityId(6, '5.6.7.8', 3344, '1.2.3.4', 1122)).toBe('1:wCb3OG7yAFWelaUydu0D+125CLM=');
    expect(communityId(17, '1.2.3.4', 1122, '5.6.7.8', 3344)).toBe('1:0Mu9InQx6z4ZiCZM/7HXi2WMhOg=');
    expect(communityId(132, '1.2.3.4', 1122, '5.6.7.8', 3344, 1)).toBe('1:uitchpn5MMGAQKBJh7bIr/bAr7s=');
    expect(connectionCommunityId('tcp', { ip: '5.6.7.8', port: 3344 }, { ip: '1.2.3.4', port: 1122 })).toBe('1:wCb3OG7yAFWelaUydu0D+125CLM=');
  });

  it('orders equal addresses by port', () => {
    expect(communityId(6, '10.0.0.1', 80, '10.0.0.1', 1234)).toBe(communityId(6, '10.0.0.1', 1234, '10.0.0.1', 80));
  });

  it('gives nothing for text that is no address, or mixed families', () => {
    expect(communityId(6, 'fe80::1%eth0', 1, '10.0.0.1', 2)).toBeUndefined();
    expect(communityId(6, '::1', 1, '10.0.0.1', 2)).toBeUndefined();
    expect(communityId(6, '::ffff:10.0.0.2', 1, '10.0.0.1', 2)).toBeUndefined();
    // dotted quads as parseIp reads them: four parts, 0-255, no leading zeros
    for (const bad of ['010.0.0.2', '10.0.0', '10.0.0.2.3', '10..0.2', '256.0.0.2', '10.0.0.2 ', '1000.0.0.2', '', '.10.0.0'])
      expect([bad, communityId(6, bad, 1, '10.0.0.1', 2)]).toEqual([bad, undefined]);
    expect(communityId(6, '0.0.0.0', 1, '255.255.255.255', 2)).toMatch(/^1:[A-Za-z0-9+/]{27}=$/);
  });
});
