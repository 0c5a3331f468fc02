/**
 * Answers that depend only on a certificate's facts and on data fixed for the run (reference data, tool shapes),
 * kept per facts object. A certificate is judged again each time its sightings change (a dense capture judges each
 * one about three times), and its names, tool shapes and look-alikes do not change: the detectors' costliest parts
 * are worked out once. Facts objects are one per distinct certificate (the facts cache shares them) and never
 * changed, so the memo is bounded by the certificates held and goes with them.
 */
import type { CertFacts } from '../x509/types';

export type FactsFn<C extends object, T> = (facts: CertFacts, context: C) => T;

export function factsMemo<C extends object, T>(compute: FactsFn<C, T>): FactsFn<C, T> {
  const byContext = new WeakMap<C, WeakMap<CertFacts, T>>();
  return (facts, context) => {
    let memo = byContext.get(context);
    if (!memo) byContext.set(context, (memo = new WeakMap()));
    if (memo.has(facts)) return memo.get(facts) as T;
    const answer = compute(facts, context);
    memo.set(facts, answer);
    return answer;
  };
}
