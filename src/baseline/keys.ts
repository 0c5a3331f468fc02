/**
 * The baseline's key layout, in one place. Every key is `<kind>\x00<part>[\x00<part>…]` so a prefix scan over
 * one server, name or key never runs into another (NUL cannot occur in an address, a DNS name or hex).
 *
 *  meta  schema                      → number: SCHEMA_VERSION
 *  cert  <sha256>                    → CertRecord: facts summary, first/last seen, sightings, bounded servers/SNIs,
 *                                      the inputs (content identities) it came from, learned by `baseline learn`
 *  s1    <sha1>                      → sha256 (thumbprint look-up; SSLBL and Windows stores speak SHA-1)
 *  srv   <ip>|<port> <sha256>        → PresenceRecord: this server presented this certificate (first/last/count,
 *                                      inputs, learned)
 *  sni   <server name> <sha256>      → PresenceRecord: this SNI was answered with this certificate
 *  spki  <spki sha256> <sha256>      → PresenceRecord: certificates sharing one public key
 *  mark  <sha256 or sha1:<hex>>      → MarkRecord: trusted / known-bad, with reason and source (a trusted CA: its DER)
 *  run   <iso time> <seq>            → RunRecord: when, which inputs (paths and content identities), learn or scan, counters
 *  cur   ino <dev:ino>               → LogCursor: how far a log file (Zeek, EVE) was read, with the hashes of its
 *                                      head and of the bytes before the offset that check it is still that file
 *  cur   head <head key> <dev:ino>   → 1: index of cursors by their file's first 256 decompressed bytes (a rotated,
 *                                      gzipped archive resumes where its live file stopped)
 *  cur   x509 <sha256>               → the x509.log fields of a certificate, so later sweeps' ssl lines still join
 *                                      (see src/baseline/cursors.ts; cursors are not exported)
 *  meta  open-run                    → {started, empty?}: when a run began writing (and whether the store held only
 *                                      its schema then), until its run record is written with its end
 *  undo  <key>                       → what <key> held before the open run first wrote it ({before} or {absent}),
 *                                      so that a run cut short is rolled back (see src/baseline/journal.ts)
 */

export const SCHEMA_VERSION = 1;

const SEP = '\x00';
/** Sorts after every character a key part can hold: the upper bound of a prefix scan. */
const END = '\xff';

export const key = {
  schema: () => `meta${SEP}schema`,
  cert: (sha256: string) => `cert${SEP}${sha256}`,
  sha1: (sha1: string) => `s1${SEP}${sha1}`,
  server: (server: string, sha256: string) => `srv${SEP}${server}${SEP}${sha256}`,
  serverName: (name: string, sha256: string) => `sni${SEP}${name}${SEP}${sha256}`,
  spki: (spki: string, sha256: string) => `spki${SEP}${spki}${SEP}${sha256}`,
  mark: (id: string) => `mark${SEP}${id}`,
  run: (iso: string, seq: number) => `run${SEP}${iso}${SEP}${String(seq).padStart(6, '0')}`,
  cursor: (identity: string) => `cur${SEP}${identity}`,
  openRun: () => `meta${SEP}open-run`,
  undo: (original: string) => `undo${SEP}${original}`,
};

/** Range options for every key under `kind` and the given leading parts. */
export function prefixRange(kind: string, ...parts: string[]): { gte: string; lt: string } {
  const prefix = [kind, ...parts].join(SEP) + SEP;
  return { gte: prefix, lt: prefix + END };
}

/** The last part of a key (the sha256 of an index key). */
export function lastPart(k: string): string {
  return k.slice(k.lastIndexOf(SEP) + 1);
}

export function serverId(ip: string, port: number): string {
  return `${ip}|${port}`;
}
