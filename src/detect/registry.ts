/** Every detector, in report order, and the runner that applies the config's `disabled` list. */
import { backdated } from './detectors/backdated';
import { badSignature } from './detectors/bad-signature';
import { changedCertificate } from './detectors/changed-certificate';
import { developerDefault } from './detectors/developer-default';
import { emptyIssuer } from './detectors/empty-issuer';
import { expired } from './detectors/expired';
import { firstSeen } from './detectors/first-seen';
import { freshCertificate } from './detectors/fresh-certificate';
import { impersonatesKnownCa } from './detectors/impersonates-known-ca';
import { incompleteChain } from './detectors/incomplete-chain';
import { ipOrLocalhostName } from './detectors/ip-or-localhost-name';
import { knownBad } from './detectors/known-bad';
import { missingSan } from './detectors/missing-san';
import { notYetValid } from './detectors/not-yet-valid';
import { randomLookingName } from './detectors/random-looking-name';
import { reusedAcrossRuns } from './detectors/reused-across-runs';
import { reusedCertificate } from './detectors/reused-certificate';
import { reusedKey } from './detectors/reused-key';
import { selfIssuedBadSignature } from './detectors/self-issued-bad-signature';
import { selfSigned } from './detectors/self-signed';
import { sniMismatch } from './detectors/sni-mismatch';
import { toolDefault } from './detectors/tool-default';
import { unparsableCertificate } from './detectors/unparsable-certificate';
import { untrustedChain } from './detectors/untrusted-chain';
import { validityTooLong } from './detectors/validity-too-long';
import { weakCrypto } from './detectors/weak-crypto';
import { classOf } from './signal';
import { skippedFor } from './unknown-facts';
import type { CertContext, Detector, DetectorGroup, Signal } from './types';

export const DETECTORS: readonly Detector[] = [
  knownBad,
  impersonatesKnownCa,
  toolDefault,
  developerDefault,
  selfSigned,
  selfIssuedBadSignature,
  badSignature,
  untrustedChain,
  incompleteChain,
  reusedCertificate,
  reusedAcrossRuns,
  reusedKey,
  freshCertificate,
  backdated,
  validityTooLong,
  expired,
  notYetValid,
  weakCrypto,
  sniMismatch,
  missingSan,
  ipOrLocalhostName,
  randomLookingName,
  emptyIssuer,
  changedCertificate,
  firstSeen,
  unparsableCertificate,
];

export const DETECTOR_IDS: ReadonlySet<string> = new Set(DETECTORS.map((d) => d.id));

const GROUP_BY_ID: ReadonlyMap<string, DetectorGroup> = new Map(DETECTORS.map((d) => [d.id, d.group]));

export function groupOf(id: string): DetectorGroup | undefined {
  return GROUP_BY_ID.get(id);
}

/** Runs every enabled detector on one certificate; one signal per detector at most. Unparsed DER gets only `unparsable-certificate`. */
export function runDetectors(ctx: CertContext): Signal[] {
  const disabled = ctx.config.disabled;
  if (!ctx.facts.parsed) {
    const s = disabled.includes(unparsableCertificate.id) ? null : unparsableCertificate.evaluate(ctx);
    return s ? [s] : [];
  }
  const out: Signal[] = [];
  const unknown = skippedFor(ctx.facts.unknown);
  for (const d of DETECTORS) {
    if (disabled.length > 0 && disabled.includes(d.id)) continue;
    if (unknown?.has(d.id)) continue;
    try {
      const s = d.evaluate(ctx);
      if (s) out.push(s);
    } catch (e) {
      // A detector bug must not end a long scan: it shows up as an info signal on the certificate that hit it.
      out.push({ id: d.id, class: classOf(d, ctx.config), severity: 'info', weight: 0, reason: `detector failed: ${(e as Error).message}`, evidence: { error: String(e) } });
    }
  }
  return out;
}
