/** A handshake's certificates as baseline sightings: one per certificate of each presented chain. */
import type { CertSighting } from '../baseline/types';
import type { Handshake } from '../tls/types';
import type { CertFacts } from '../x509/types';
import type { LoneCertificate } from './extract';
import type { FactsOf } from './scan';

/** `inputs`: content identity by file (`input-identity.ts`), so the baseline knows which input each sighting came from. */
export function handshakeSightings(h: Handshake, factsOf: FactsOf, inputs?: ReadonlyMap<string, string>): CertSighting[] {
  const out: CertSighting[] = [];
  const input = inputs?.get(h.source.file);
  const time = h.ts.sec * 1000 + Math.floor(h.ts.nsec / 1e6);
  for (const [role, chain] of [['server', h.serverChain], ['client', h.clientChain]] as const) {
    for (const blob of chain.certs) {
      const f = factsOf(blob);
      if (!blob.sha256 && !f) continue; // a certificate only named by a file id: nothing to know it by
      out.push({
        sha256: blob.sha256,
        sha1: blob.sha1 || f?.sha1 || '',
        spkiSha256: f?.spkiSha256 || undefined,
        subject: f?.subject.rfc4514 ?? '',
        issuer: f?.issuer.rfc4514 ?? '',
        notBefore: f?.notBefore,
        notAfter: f?.notAfter,
        serverIp: h.server.ip,
        serverPort: h.server.port,
        serverName: h.serverName,
        role,
        time,
        ...(input !== undefined ? { input } : {}),
      });
    }
  }
  return out;
}

/** A certificate seen without a connection: recorded with no place (session.ts keeps no server for it). */
export function loneSighting(c: LoneCertificate, f: CertFacts, inputs?: ReadonlyMap<string, string>): CertSighting {
  const input = inputs?.get(c.source.file);
  return {
    sha256: f.sha256,
    sha1: f.sha1,
    spkiSha256: f.spkiSha256 || undefined,
    subject: f.subject.rfc4514,
    issuer: f.issuer.rfc4514,
    notBefore: f.notBefore,
    notAfter: f.notAfter,
    serverIp: '',
    serverPort: 0,
    role: c.role,
    time: c.ts.sec * 1000 + Math.floor(c.ts.nsec / 1e6),
    ...(input !== undefined ? { input } : {}),
  };
}
