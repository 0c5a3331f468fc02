/**
 * Private PKIs as organisations run them, made by openssl in the test (x509-openssl.ts), each in the shape its
 * software gives it, with fixed dates around `SEEN` (2026-03-01T12:00Z):
 * - corporate: root → issuing CA (AIA, CRL) → server leaf with AIA (caIssuers, OCSP), CRL and serverAuth EKU;
 * - kubeadm: `CN=kubernetes` cluster CA (10 years) → `kube-apiserver` leaf with the service and node names and IPs,
 *   presented alone on 6443 as the API server does (kubeadm's certs phase: kubernetes/kubernetes cmd/kubeadm/app/util/pkiutil);
 * - service mesh: Istio's self-signed `O=cluster.local` root → 24-hour workload certificates with an empty subject
 *   and only a SPIFFE URI SAN (critical), server and client auth, in mutual TLS;
 * - ACME-style private CA (smallstep step-ca's default shape): EC P-256 root → intermediate → 24-hour leaf.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeCert, type MadeCert } from './x509-openssl';
import type { TlsConnection } from './tls-capture';

/** When the test traffic is seen. */
export const SEEN = Date.UTC(2026, 2, 1, 12) / 1000;

export interface PrivatePki {
  readonly name: string;
  readonly root: MadeCert;
  /** Every CA certificate, root first. */
  readonly cas: MadeCert[];
  readonly leaves: MadeCert[];
  readonly connections: TlsConnection[];
}

const stamp = (unix: number): string => new Date(unix * 1000).toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
const HOUR = 3600;
const DAY = 24 * HOUR;

const CA_EXT = ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign,cRLSign,digitalSignature', 'subjectKeyIdentifier = hash'];

export function corporatePki(dir: string): PrivatePki {
  const root = makeCert(dir, {
    key: 'rsa:2048', subject: '/C=US/O=Example Corp/CN=Example Corp Root CA', startDate: '20200101000000Z', endDate: '20400101000000Z',
    serial: '01', extensions: CA_EXT,
  });
  const issuing = makeCert(dir, {
    key: 'rsa:2048', subject: '/C=US/O=Example Corp/CN=Example Corp Issuing CA 1', issuer: root, startDate: '20220101000000Z', endDate: '20320101000000Z',
    serial: '1000', extensions: [
      'basicConstraints = critical,CA:TRUE,pathlen:0', 'keyUsage = critical,keyCertSign,cRLSign,digitalSignature', 'subjectKeyIdentifier = hash',
      'authorityKeyIdentifier = keyid:always', 'authorityInfoAccess = caIssuers;URI:http://pki.corp.example/root.crt',
      'crlDistributionPoints = URI:http://pki.corp.example/root.crl',
    ],
  });
  const leaf = makeCert(dir, {
    key: 'rsa:2048', subject: '/C=US/O=Example Corp/CN=intranet.corp.example', issuer: issuing, startDate: '20260115000000Z', endDate: '20270115000000Z',
    serial: '2a3b4c', extensions: [
      'basicConstraints = critical,CA:FALSE', 'keyUsage = critical,digitalSignature,keyEncipherment', 'extendedKeyUsage = serverAuth',
      'subjectAltName = DNS:intranet.corp.example,DNS:wiki.corp.example', 'subjectKeyIdentifier = hash', 'authorityKeyIdentifier = keyid',
      'authorityInfoAccess = caIssuers;URI:http://pki.corp.example/issuing1.crt,OCSP;URI:http://ocsp.corp.example',
      'crlDistributionPoints = URI:http://pki.corp.example/issuing1.crl',
    ],
  });
  return {
    name: 'corporate', root, cas: [root, issuing], leaves: [leaf],
    connections: [{ server: '10.20.0.5', sni: 'intranet.corp.example', serverChain: [leaf.der, issuing.der], time: SEEN }],
  };
}

export function kubeadmPki(dir: string): PrivatePki {
  const ca = makeCert(dir, {
    key: 'rsa:2048', subject: '/CN=kubernetes', startDate: '20250601000000Z', endDate: '20350530000000Z', serial: '00',
    extensions: ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,digitalSignature,keyEncipherment,keyCertSign', 'subjectKeyIdentifier = hash'],
  });
  const apiserver = makeCert(dir, {
    key: 'rsa:2048', subject: '/CN=kube-apiserver', issuer: ca, startDate: '20250601000000Z', endDate: '20260601000000Z', serial: '5f3e7a',
    extensions: [
      'basicConstraints = critical,CA:FALSE', 'keyUsage = critical,digitalSignature,keyEncipherment', 'extendedKeyUsage = serverAuth',
      'authorityKeyIdentifier = keyid',
      'subjectAltName = DNS:cp-1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:10.96.0.1,IP:10.0.0.10',
    ],
  });
  return {
    name: 'kubeadm', root: ca, cas: [ca], leaves: [apiserver],
    connections: [{ server: '10.0.0.10', port: 6443, serverChain: [apiserver.der], time: SEEN }],
  };
}

export function meshPki(dir: string): PrivatePki {
  const root = makeCert(dir, {
    key: 'rsa:2048', subject: '/O=cluster.local', startDate: '20260101000000Z', endDate: '20360101000000Z', serial: '7c01',
    extensions: ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,digitalSignature,keyCertSign,cRLSign', 'subjectKeyIdentifier = hash'],
  });
  const workload = (sa: string, serial: string): MadeCert => makeCert(dir, {
    key: 'ec:P-256', subject: '/', issuer: root, startDate: stamp(SEEN - 5 * 60), endDate: stamp(SEEN - 5 * 60 + DAY), serial,
    extensions: [
      'basicConstraints = critical,CA:FALSE', 'keyUsage = critical,digitalSignature,keyEncipherment', 'extendedKeyUsage = serverAuth,clientAuth',
      'authorityKeyIdentifier = keyid', `subjectAltName = critical,URI:spiffe://cluster.local/ns/shop/sa/${sa}`,
    ],
  });
  const server = workload('checkout', '9a01');
  const client = workload('frontend', '9a02');
  return {
    name: 'mesh', root, cas: [root], leaves: [server, client],
    connections: [
      { server: '10.244.1.7', port: 8080, client: '10.244.2.3', serverChain: [server.der, root.der], clientChain: [client.der, root.der], time: SEEN },
      { server: '10.244.1.7', port: 8080, client: '10.244.3.9', serverChain: [server.der, root.der], clientChain: [client.der, root.der], time: SEEN + 60 },
    ],
  };
}

export function acmePki(dir: string): PrivatePki {
  const root = makeCert(dir, {
    key: 'ec:P-256', subject: '/O=Example Internal/CN=Example Internal Root CA', startDate: '20250101000000Z', endDate: '20350101000000Z', serial: '4e01',
    extensions: ['basicConstraints = critical,CA:TRUE,pathlen:1', 'keyUsage = critical,keyCertSign,cRLSign', 'subjectKeyIdentifier = hash'],
  });
  const intermediate = makeCert(dir, {
    key: 'ec:P-256', subject: '/O=Example Internal/CN=Example Internal Intermediate CA', issuer: root, startDate: '20250101000000Z', endDate: '20350101000000Z',
    serial: '4e02', extensions: ['basicConstraints = critical,CA:TRUE,pathlen:0', 'keyUsage = critical,keyCertSign,cRLSign', 'subjectKeyIdentifier = hash', 'authorityKeyIdentifier = keyid'],
  });
  const leaf = makeCert(dir, {
    key: 'ec:P-256', subject: '/CN=api.internal.example', issuer: intermediate, startDate: stamp(SEEN - HOUR), endDate: stamp(SEEN + 23 * HOUR), serial: '6d9f01c2',
    extensions: [
      'keyUsage = critical,digitalSignature', 'extendedKeyUsage = serverAuth,clientAuth', 'subjectKeyIdentifier = hash', 'authorityKeyIdentifier = keyid',
      'subjectAltName = DNS:api.internal.example',
    ],
  });
  return {
    name: 'acme', root, cas: [root, intermediate], leaves: [leaf],
    connections: [{ server: '10.30.0.8', sni: 'api.internal.example', serverChain: [leaf.der, intermediate.der], time: SEEN + 2 * 60 }],
  };
}

/** The roots of `pkis` in one PEM bundle file (what `--trust-roots` takes). */
export function rootsBundle(dir: string, pkis: readonly PrivatePki[]): string {
  const file = join(dir, 'private-roots.pem');
  const pem = (der: Buffer) => `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;
  writeFileSync(file, pkis.map((p) => pem(p.root.der)).join(''));
  return file;
}
