/** What one command line does and names, filled by the per-tool readers (names-*.ts). */
import { commonNameOf } from './distinguished-name';
import { CERT_FILE_SUFFIX, STORE_RANK, THUMBPRINT } from './consts';
import type { CommandLineNames } from './types';

/**
 * What a command does with certificates, as certhound reads it.
 * - `certificate-creation`: a certificate is made (signed by some key).
 * - `self-signed-certificate`: a certificate is made and signed by its own key.
 * - `certificate-request`: a CSR is made. `key-generation`: only a key is made.
 * - `pfx-export`: a key and certificate are packed into PKCS#12.
 * - `store-import`: a certificate is put into a store (see `store`).
 * - `trust-anchor-install`: a certificate is made a root of trust outside Windows stores (p11-kit, macOS, Java cacerts).
 * - `ca-publish`: certutil -dspublish into Active Directory.
 * - `trust-refresh`: the system trust bundle is rebuilt (update-ca-certificates).
 * - `certificate-api`: .NET certificate classes are used (reading or making, not told apart).
 * - `other`: the tool ran for something else (`openssl version`, `certutil -urlcache`).
 */
export type CommandAction =
  | 'certificate-creation'
  | 'self-signed-certificate'
  | 'certificate-request'
  | 'key-generation'
  | 'pfx-export'
  | 'store-import'
  | 'trust-anchor-install'
  | 'ca-publish'
  | 'trust-refresh'
  | 'certificate-api'
  | 'other';

export interface CommandLineAnalysis {
  /** Tool family read from the image's (or, without one, the command's first word's) file name. */
  tool?: string;
  names: CommandLineNames;
  /** Store named as the target, as written. */
  store?: string;
  actions: CommandAction[];
}

export function emptyAnalysis(): CommandLineAnalysis {
  return { names: { dnsNames: [], files: [], thumbprints: [] }, actions: [] };
}

export function addAction(a: CommandLineAnalysis, action: CommandAction): void {
  if (!a.actions.includes(action)) a.actions.push(action);
}

export function addFile(a: CommandLineAnalysis, file: string | undefined): void {
  if (file && !a.names.files.includes(file)) a.names.files.push(file);
}

/** Adds each token that ends like a certificate/key file. */
export function addCertFiles(a: CommandLineAnalysis, tokens: readonly string[]): void {
  for (const t of tokens) if (CERT_FILE_SUFFIX.test(t)) addFile(a, t);
}

export function addThumbprint(a: CommandLineAnalysis, value: string | undefined): void {
  if (!value) return;
  const hex = value.replace(/[\s:]/g, '').toLowerCase();
  if (THUMBPRINT.test(hex) && !a.names.thumbprints.includes(hex)) a.names.thumbprints.push(hex);
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const IPV6 = /^[0-9a-f:]+:[0-9a-f:.]*$/i;

/** Adds a host name, or an IP address when it reads as one. */
export function addHostName(a: CommandLineAnalysis, name: string | undefined): void {
  const v = name?.trim();
  if (!v) return;
  if (IPV4.test(v) || IPV6.test(v)) {
    const ips = (a.names.ipAddresses ??= []);
    if (!ips.includes(v)) ips.push(v);
  } else if (!a.names.dnsNames.includes(v.toLowerCase())) {
    a.names.dnsNames.push(v.toLowerCase());
  }
}

export function setSubject(a: CommandLineAnalysis, subject: string | undefined): void {
  if (subject === undefined || a.names.subject !== undefined) return;
  a.names.subject = subject;
  const cn = commonNameOf(subject);
  if (cn !== undefined) {
    a.names.commonName = cn;
    if (IPV4.test(cn)) addHostName(a, cn);
  }
}

/** Reads `subjectAltName=DNS:a,DNS:b,IP:1.2.3.4` (OpenSSL -addext / extension text). */
export function addSanText(a: CommandLineAnalysis, text: string): void {
  for (const item of text.split(',')) {
    const m = /^\s*(DNS|IP(?: Address)?)\s*:\s*(.+?)\s*$/i.exec(item);
    if (m) addHostName(a, m[2]);
  }
}

export function setDays(a: CommandLineAnalysis, value: number): void {
  if (Number.isFinite(value) && value >= 0 && a.names.days === undefined) a.names.days = value;
}

export function setKey(a: CommandLineAnalysis, type: string | undefined, bits?: number): void {
  if (type && a.names.keyType === undefined) a.names.keyType = type;
  if (bits !== undefined && Number.isFinite(bits) && bits > 0 && a.names.keyBits === undefined) a.names.keyBits = bits;
}

/** Sets the store when none is known yet or the new one ranks higher (see STORE_RANK). */
export function setStore(a: CommandLineAnalysis, store: string | undefined): void {
  if (!store) return;
  if (a.store === undefined || storeRank(store) > storeRank(a.store)) a.store = store;
}

export function storeRank(store: string): number {
  return STORE_RANK[store.toLowerCase()] ?? 0;
}
