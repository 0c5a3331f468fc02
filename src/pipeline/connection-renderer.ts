/**
 * How a sink writes one connection, named by module and export so that a capture worker can load it too: with
 * workers, connections are written where they are read (as Suricata's EVE output runs in each of its threads),
 * and the main thread only puts the lines in order. The export takes (handshake, facts of its blobs, `options`)
 * and returns the text; `options` must survive a structured clone.
 */
import type { Handshake } from '../tls/types';
import type { FactsOf } from './blob-facts';

export interface ConnectionRenderer {
  /** Resolved path of the module (`require.resolve`). */
  readonly module: string;
  readonly name: string;
  readonly options: unknown;
}

export type RenderConnection = (h: Handshake, factsOf: FactsOf) => string;

export function loadRenderer(r: ConnectionRenderer): RenderConnection {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const render = (require(r.module) as Record<string, unknown>)[r.name];
  if (typeof render !== 'function') throw new Error(`connection renderer ${r.name} not found in ${r.module}`);
  return (h, factsOf) => render(h, factsOf, r.options) as string;
}
