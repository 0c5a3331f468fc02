/**
 * A finding's id: the same for every document written about one certificate (the first and each update), and
 * across runs, so that a SIEM can fold them. Made from the certificate's identity (its SHA-256, or the labelled
 * stand-in a log gives, x509/cert-identity.ts).
 */
import { createHash } from 'node:crypto';

export function findingId(identity: string): string {
  return createHash('sha256').update(`certhound finding\x00${identity}`).digest('hex').slice(0, 32);
}
