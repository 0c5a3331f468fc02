/**
 * Names that no person chose: random letters (Metasploit's `Rex::Text.rand_hostname`, Pupy's and malware's random
 * strings) and generated word salads (Dridex). The character-bigram name model (`name-model.json`) judges each word
 * of the CN, SAN labels and the subject's O, OU and L; the families' templates (`name-families.json`, with their
 * sources) turn a matching DN structure plus unusual words into the family's name. Outside trusted chains only,
 * where CDN hash names are common. Its false-positive rate on genuine names is measured by `bench/name-model.ts`.
 */
import type { CertFacts } from '../../x509/types';
import { attr, isTrusted, shortList } from '../cert-helpers';
import { parseIp } from '../cidr';
import { factsMemo } from '../facts-memo';
import { isUnusualToken, judgedTokens, looksShuffled, randomPart, type NameFamily, type NameModel } from '../reference/name-model';
import type { ReferenceData } from '../reference/reference-types';
import { matchesTool } from '../reference/tool-match';
import { makeSignal } from '../signal';
import type { Detector, Severity } from '../types';

/** Is one label random-looking by letters and digits alone (no model)? Exported for tests. */
export function looksRandom(label: string): boolean {
  return looksShuffled(label);
}

/** The values judged, each with where it came from: CN, SAN labels, subject O, OU and L. */
function namedFields(f: CertFacts): Array<{ field: string; value: string }> {
  const out: Array<{ field: string; value: string }> = [];
  const cn = f.subject.commonName;
  if (cn && !parseIp(cn)) out.push({ field: 'CN', value: cn });
  for (const dns of f.san.dns) if (dns !== cn && !parseIp(dns)) out.push({ field: 'SAN', value: dns });
  for (const type of ['O', 'OU', 'L']) {
    const v = attr(f.subject, type);
    if (v) out.push({ field: type, value: v });
  }
  return out;
}

function familyMatch(f: CertFacts, model: NameModel, families: readonly NameFamily[]): NameFamily | undefined {
  for (const fam of families) {
    if (!matchesTool(f, fam.match)) continue;
    let unusual = 0;
    for (const type of fam.unusualIn) {
      const v = attr(f.subject, type);
      if (v) for (const token of judgedTokens(model, v)) if (isUnusualToken(model, token)) unusual++;
    }
    if (unusual >= fam.minUnusual) return fam;
  }
  return undefined;
}

interface RandomHit {
  readonly field: string;
  readonly value: string;
  readonly part: string;
}

/** What the certificate's names say, wherever it is presented: a family's template, else the random-looking words. */
const nameVerdict = factsMemo((f: CertFacts, ref: ReferenceData): { family?: NameFamily; hits: RandomHit[] } => {
  const model = ref.nameModel;
  const family = model ? familyMatch(f, model, ref.nameFamilies) : undefined;
  if (family) return { family, hits: [] };
  const hits: RandomHit[] = [];
  for (const { field, value } of namedFields(f)) {
    const part = model ? randomPart(model, value) : value.split(/[.\s_-]+/).find(looksShuffled);
    if (part) hits.push({ field, value, part });
  }
  return { hits };
});

export const randomLookingName: Detector = {
  id: 'random-looking-name',
  group: 'naming',
  class: 'attack',
  severity: 'low',
  weight: 5,
  description: 'CN, SAN or subject words that read as random letters or a generated word salad, outside trusted chains',
  evaluate(ctx) {
    if (ctx.position !== 0 || isTrusted(ctx)) return null;
    const f = ctx.facts;
    const { family, hits } = nameVerdict(f, ctx.reference);
    if (family) {
      const source = family.sources[0]?.note?.split(':')[0] ?? family.sources[0]?.path ?? '';
      return makeSignal(randomLookingName, ctx, `${family.description.split(':')[0]}: '${f.subject.rfc4514}' (${family.family}; ${source})`,
        { family: family.family, matches: [family.id], subject: f.subject.rfc4514 }, 'high');
    }
    if (hits.length === 0) return null;
    const fields = new Set(hits.map((h) => h.field === 'SAN' ? 'CN' : h.field));
    // Random words in two fields (a random host and a random organisation) is a generator, not a person's typo.
    const severity: Severity = fields.size >= 2 ? 'medium' : 'low';
    const values = [...new Set(hits.map((h) => `${h.field} '${h.value}'`))];
    return makeSignal(randomLookingName, ctx, `random-looking name${values.length > 1 ? 's' : ''}: ${shortList(values)}`,
      { names: [...new Set(hits.map((h) => h.value))], parts: hits.map((h) => h.part), fields: [...fields] }, severity);
  },
};
