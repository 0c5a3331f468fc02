/**
 * Correlation never throws on what sources hand it: detections without a readable time or with an address that is
 * no address, names that are blank, findings without sightings (a lone certificate) or with unreadable dates.
 */
import { makeCert, rsaKey } from '../helpers/detect-certs';
import { detectionOf, findingsOf, seen } from '../helpers/hunt-fixtures';
import { correlate, linksBetween } from '../../src/correlate';
import { incidentDocument } from '../../src/output/ecs-incident';
import { renderIncidents } from '../../src/output/incident-blocks';
import type { Finding } from '../../src/detect/types';
import type { HostDetection } from '../../src/host/types';

const cert = makeCert({ subject: [['CN', 'odd.example']], key: rsaKey(2048, 65537, 40), notBefore: '2026-03-10T09:00:10Z', notAfter: '2026-04-10T00:00:00Z' });
const [finding] = findingsOf([{ chain: [cert.facts], sightings: [seen('2026-03-10T09:05:00Z', '10.1.2.3')] }]);
const base = detectionOf({ time: '2026-03-10T09:00:00Z', ip: '10.1.2.3', commandLine: 'openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=odd.example -keyout k -out c' });

function withEvent(patch: Partial<HostDetection['event']>): HostDetection {
  return { ...base, event: { ...base.event, ...patch } };
}

describe('odd inputs', () => {
  it('a detection without a readable time (0 or NaN) links by name and address, not time', () => {
    for (const time of [0, NaN]) expect(linksBetween(finding, withEvent({ time })).map((l) => l.kind).sort()).toEqual(['address', 'name']);
  });

  it('a host address that is no address gives no address link', () => {
    for (const hostIp of ['unknown', '999.1.2.3', '10.1.2.3, 10.1.2.4', '', '::ffff:zz']) {
      expect(linksBetween(finding, withEvent({ hostIp })).map((l) => l.kind)).not.toContain('address');
    }
  });

  it('blank names on the command line match nothing', () => {
    const blank: HostDetection = { ...base, names: { ...base.names, commonName: '  ', dnsNames: ['', '.'] } };
    expect(linksBetween({ ...finding, facts: { ...finding.facts, subject: 'CN=', san: [''] } }, blank).map((l) => l.kind)).not.toContain('name');
  });

  it('a finding with no sightings and unreadable dates ties by name only, and still renders', () => {
    const lone: Finding = {
      ...finding, roles: [], facts: { ...finding.facts, notBefore: '' },
      sightings: { ...finding.sightings, count: 0, servers: [], clients: [], distinctServers: 0 },
    };
    const incidents = correlate([lone], [base]);
    expect(incidents.map((i) => i.detections[0].links.map((l) => l.kind))).toEqual([['name']]);
    const doc = incidentDocument(incidents[0]) as { host: { ip: string[] }; certhound: { links: unknown[] } };
    expect(doc.host.ip).toEqual(['10.1.2.3']);
    expect(doc.certhound.links).toHaveLength(1);
    expect(renderIncidents(incidents)).toContain('[lone leaf] · seen 0× on -');
  });

  it('ECS host.ip holds only addresses, in a form an ip field takes', () => {
    const spelled = [withEvent({ hostIp: '[2001:DB8::5]' }), withEvent({ hostIp: 'fe80::1%eth0' }), withEvent({ hostIp: 'not-an-ip' })];
    const [incident] = correlate([finding], spelled);
    expect((incidentDocument(incident) as { host: { ip: string[] } }).host.ip).toEqual(['2001:db8:0:0:0:0:0:5', 'fe80:0:0:0:0:0:0:1']);
  });
});
