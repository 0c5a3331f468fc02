/** The tool entries a certificate matches, strongest first, and how a reason quotes them. */
import type { CertFacts } from '../../x509/types';
import { factsMemo } from '../facts-memo';
import { SEVERITY_RANK } from '../types';
import type { SourceCitation, ToolConfidence, ToolDefault } from './reference-types';
import { matchesTool } from './tool-match';

const CONFIDENCE_RANK: Readonly<Record<ToolConfidence, number>> = { exact: 3, strong: 2, shape: 1, weak: 0 };

/**
 * Entries of the wanted kinds that match, most certain and most severe first. Hits two confidence steps below the
 * best are dropped, and weak ones whenever a stronger one matched: a shared shape (an empty issuer: Sliver or Merlin)
 * names every tool that can make it only until a precise entry says which one did.
 */
export function toolHits(facts: CertFacts, tools: readonly ToolDefault[], developer: boolean): readonly ToolDefault[] {
  return developer ? developerHits(facts, tools) : offensiveHits(facts, tools);
}

const developerHits = factsMemo((facts: CertFacts, tools: readonly ToolDefault[]) => matchTools(facts, tools, true));
const offensiveHits = factsMemo((facts: CertFacts, tools: readonly ToolDefault[]) => matchTools(facts, tools, false));

function matchTools(facts: CertFacts, tools: readonly ToolDefault[], developer: boolean): ToolDefault[] {
  const hits: ToolDefault[] = [];
  const corroborating: ToolDefault[] = [];
  for (const t of tools) {
    if ((t.kind === 'developer') !== developer || !matchesTool(facts, t.match)) continue;
    (t.corroborates ? corroborating : hits).push(t);
  }
  if (hits.length === 0) return hits;
  hits.sort((a, b) => CONFIDENCE_RANK[b.confidence] - CONFIDENCE_RANK[a.confidence] || SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
  const best = CONFIDENCE_RANK[hits[0].confidence];
  const floor = best === 0 ? 0 : Math.max(1, best - 1);
  const kept = hits.filter((h) => CONFIDENCE_RANK[h.confidence] >= floor);
  const named = new Set(kept.flatMap((h) => h.tools));
  return [...kept, ...corroborating.filter((c) => c.tools.some((t) => named.has(t)))];
}

/** `repo path` of the first source that names a file, else its note cut short. */
export function sourceLabel(sources: readonly SourceCitation[]): string {
  const file = sources.find((s) => s.repo && s.path);
  if (file) return `${file.repo} ${file.path}`;
  const note = sources[0]?.note ?? '';
  return note.length > 80 ? `${note.slice(0, 77)}...` : note;
}

/** Tools named by the hits that stand on their own, in hit order, without repeats: a shared shape names them all. */
export function toolNames(hits: readonly ToolDefault[]): string[] {
  return [...new Set(hits.filter((h) => !h.corroborates).flatMap((h) => h.tools))];
}
