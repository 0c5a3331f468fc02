/** Terminal rows for TLS connections: who talked to whom, how, and what the server's chain was. */
import type { Handshake } from '../tls/types';
import type { FactsOf } from './ecs-connection';
import { versionName } from '../tls/consts';
import { isoTimestamp } from './time';
import type { Column } from './table';

export interface ConnectionRow {
  h: Handshake;
  leaf: string;
  issuer: string;
}

function endpoint(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

function chainText(h: Handshake, factsOf: FactsOf, which: 'serverChain' | 'clientChain'): { leaf: string; issuer: string } {
  const chain = h[which];
  if (chain.status !== 'present') return { leaf: `(${chain.status})`, issuer: '' };
  const facts = factsOf(chain.certs[0]);
  const name = facts?.subject.commonName ?? facts?.subject.rfc4514 ?? chain.certs[0].sha256.slice(0, 16);
  return { leaf: `${name}${chain.certs.length > 1 ? ` +${chain.certs.length - 1}` : ''}`, issuer: facts?.issuer.commonName ?? facts?.issuer.rfc4514 ?? '' };
}

export function connectionRow(h: Handshake, factsOf: FactsOf): ConnectionRow {
  const server = chainText(h, factsOf, 'serverChain');
  const client = h.clientChain.status === 'present' ? chainText(h, factsOf, 'clientChain').leaf : '';
  return { h, leaf: client ? `${server.leaf}; client: ${client}` : server.leaf, issuer: server.issuer };
}

/** Columns by how much they tell: the certificate and server last to give way, the carrier first. */
export const CONNECTION_COLUMNS: Column<ConnectionRow>[] = [
  { header: 'TIME', value: (r) => isoTimestamp(r.h.ts).slice(0, 19).replace('T', ' '), priority: 3, min: 19 },
  { header: 'CLIENT', value: (r) => endpoint(r.h.client.ip, r.h.client.port), priority: 2, min: 12 },
  { header: 'SERVER', value: (r) => endpoint(r.h.server.ip, r.h.server.port), priority: 4, min: 15 },
  { header: 'PROTO', value: (r) => (r.h.protocol === 'tls' || r.h.protocol === 'dtls' ? '' : r.h.protocol), priority: 0, min: 5 },
  { header: 'VERSION', value: (r) => (r.h.version === undefined ? '-' : versionName(r.h.version)), priority: 1, min: 7 },
  { header: 'SNI', value: (r) => r.h.serverName ?? '-', priority: 4, min: 12 },
  { header: 'CERTIFICATE', value: (r) => r.leaf, priority: 5, min: 20 },
  { header: 'ISSUER', value: (r) => r.issuer, priority: 2, min: 12 },
];
