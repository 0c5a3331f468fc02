/** Suricata EVE → Handshakes: `tls` events (with `chain` DER or the leaf's fields) and alerts' tls metadata. */
export { sniffEve } from './sniff';
export { readEveBatches, EveLineSink, type EveLogInput, type ReadEveOptions, type EveFileState } from './read-eve';
export { eveHandshake, eveTime, versionCode } from './event-record';
export { eveLeafFacts, eveName } from './tls-facts';
export { EveSweep, type EveSweepHooks } from './sweep';
export type * from './types';
