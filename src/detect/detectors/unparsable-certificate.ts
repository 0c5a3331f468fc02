/**
 * A certificate no parser could read (truncated or malformed DER). Its other facts are best effort, so the registry
 * runs no other detector on it; the malformation itself is worth a look (parser-attack test cases look like this).
 */
import { makeSignal } from '../signal';
import type { Detector } from '../types';

export const unparsableCertificate: Detector = {
  id: 'unparsable-certificate',
  group: 'crypto',
  class: 'hygiene',
  severity: 'low',
  weight: 10,
  description: 'certificate DER that could not be parsed; other detectors skip it',
  evaluate(ctx) {
    if (ctx.facts.parsed) return null;
    return makeSignal(unparsableCertificate, ctx, `certificate ${ctx.facts.sha256.slice(0, 16)}… could not be parsed`, { sha256: ctx.facts.sha256 });
  },
};
