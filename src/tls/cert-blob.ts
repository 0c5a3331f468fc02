import { createHash } from 'node:crypto';
import type { CertBlob } from './types';

/** Digests a DER certificate and, if asked, copies it out of the (short-lived) stream buffer. */
export function certBlob(der: Buffer, keepDer: boolean): CertBlob {
  const sha256 = createHash('sha256').update(der).digest('hex');
  const sha1 = createHash('sha1').update(der).digest('hex');
  return keepDer ? { sha256, sha1, der: Buffer.from(der) } : { sha256, sha1 };
}
