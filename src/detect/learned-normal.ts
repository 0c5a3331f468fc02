/**
 * The baseline defines normal: a certificate `baseline learn` saw at the places this run sees it, or one issued by a
 * CA `baseline learn` saw (signature verified), adds no exposure, and its finding is suppressed at info. Known is
 * not the same as good: attack evidence keeps it loud.
 */
import type { CertHistory } from '../baseline/types';
import { dnText, signedBy } from './cert-helpers';
import type { CertContext, Signal } from './types';

/** Why the finding is learned normal, or undefined (not learned, or attack evidence present). */
export function learnedNormal(ctx: CertContext, signals: readonly Signal[], historyOf: (sha256: string) => CertHistory | undefined): string | undefined {
  if (signals.some((s) => s.class === 'attack' && s.severity !== 'info')) return undefined;
  if (ctx.history?.learnedHere) return 'learned normal: the baseline learned it at every place it was seen';
  const issuer = ctx.chainFacts[ctx.position + 1];
  if (issuer && issuer.subject.rfc4514 === ctx.facts.issuer.rfc4514 && historyOf(issuer.sha256)?.learnedCertificate && signedBy(ctx.facts, issuer)) {
    return `learned normal: issued by '${dnText(issuer.subject)}', a CA the baseline learned`;
  }
  return undefined;
}
