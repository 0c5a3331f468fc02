/**
 * `certhound cert`: one certificate file (DER, PEM, or a PEM bundle read as a chain, leaf first) → facts and a
 * finding judged at a given time. Trust is judged at the time inside the chain's common validity (as scan does),
 * so `expired` reports the time on its own.
 */
import { evaluateCertificate } from '../detect/evaluate-certificate';
import { trustTime } from '../detect/cert-helpers';
import type { DetectConfig, Finding } from '../detect/types';
import type { CertFacts } from '../x509/types';
import type { PrivateAnchorInput } from '../x509';
import { InputError } from '../capture';
import { readBoundedFile } from './bounded-file';
import { Judge } from './judge';
import { shippedReference } from './reference-files';

const PEM_BLOCK = /-----BEGIN (?:X509 |TRUSTED )?CERTIFICATE-----([\s\S]*?)-----END (?:X509 |TRUSTED )?CERTIFICATE-----/g;

/** The DER certificates in a file: every PEM block in order, or the whole file as DER. */
export function certificatesIn(bytes: Buffer): Buffer[] {
  const text = bytes.toString('latin1');
  const ders = [...text.matchAll(PEM_BLOCK)].map((m) => Buffer.from(m[1].replace(/[^A-Za-z0-9+/=]/g, ''), 'base64'));
  if (ders.length > 0) return ders;
  if (text.includes('-----BEGIN')) return [];
  return bytes.length > 0 && bytes[0] === 0x30 ? [bytes] : [];
}

/**
 * Bytes a certificate file may hold. The largest bundles in use (a distribution's whole trust store) are under
 * 1 MiB; a file past this is not a certificate, and reading on (a 130 MB PEM, /dev/zero) would only cost memory.
 */
export const MAX_CERT_FILE_BYTES = 16 * 1024 * 1024;
/** Certificates of a bundle read as a chain; the rest are not judged (a chain of more is no chain). */
export const MAX_CHAIN_CERTIFICATES = 100;

export interface CertificateReport {
  chain: CertFacts[];
  finding: Finding;
  /** Certificates of the file past MAX_CHAIN_CERTIFICATES, not judged. */
  dropped: number;
}

export function evaluateCertificateFile(path: string, config: DetectConfig, at: Date, trustAnchors: readonly PrivateAnchorInput[] = []): CertificateReport {
  const all = certificatesIn(readBoundedFile(path, MAX_CERT_FILE_BYTES, 'a certificate file'));
  if (all.length === 0) throw new InputError(path, 'no certificate (neither PEM nor DER)');
  const ders = all.slice(0, MAX_CHAIN_CERTIFICATES);
  const judge = new Judge(trustAnchors);
  const chain = ders.map((der) => judge.facts.get(der));
  const trust = judge.trust(chain, trustTime(chain, at));
  return { chain, finding: evaluateCertificate(chain[0], chain, trust, config, at, shippedReference()), dropped: all.length - ders.length };
}
