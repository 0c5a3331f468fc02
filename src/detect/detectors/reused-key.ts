/** One public key (SPKI SHA-256) under different subjects in the input: one operator minting many identities. */
import { isTrusted } from '../cert-helpers';
import { makeSignal } from '../signal';
import type { Detector } from '../types';

export const reusedKey: Detector = {
  id: 'reused-key',
  group: 'reuse',
  class: 'exposure',
  severity: 'medium',
  weight: 20,
  description: 'one public key seen under at least `keyReuseSubjects` distinct subjects',
  evaluate(ctx) {
    const subjects = ctx.reuse.subjectsForKey;
    if (!ctx.facts.spkiSha256 || subjects < ctx.config.keyReuseSubjects) return null;
    return makeSignal(
      reusedKey,
      ctx,
      `key ${ctx.facts.spkiSha256.slice(0, 16)}… appears under ${subjects} distinct subjects`,
      { spkiSha256: ctx.facts.spkiSha256, subjects },
      isTrusted(ctx) ? 'info' : 'medium',
    );
  },
};
