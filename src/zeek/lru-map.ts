/**
 * A string-keyed map capped at `max` entries that forgets a not-recently-used entry first. CLOCK (second chance),
 * an LRU approximation: a hit only sets a flag (no reordering on the hot path); when full, entries from the oldest
 * end that were used since they were last passed get moved to the young end once, and the first unused one goes.
 *
 * Keys are fingerprints and file ids cut fresh from each log line. A built-in Map would hash every such string in
 * the runtime (the string is new each time, so V8 has no cached hash): that was a sixth of a Zeek sweep. Here the
 * hash is a few character codes read in JS (charCodeAt costs a few ns each: the rest is left to `===`), and
 * entries whose keys share a hash are chained.
 */
interface Slot<V> {
  readonly key: string;
  readonly value: V;
  used: boolean;
  /** Next entry with the same hash. */
  next: Slot<V> | undefined;
}

/** Characters hashed: fingerprints are hex digests, whose first 8 characters hold 32 random bits. */
const HASHED_CHARS = 8;

/** Hash of text[start, end). */
function hashOf(text: string, start: number, end: number): number {
  let h = end - start;
  const stop = end - start < HASHED_CHARS ? end : start + HASHED_CHARS;
  for (let i = start; i < stop; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

/**
 * A key in a string of its own: one cut from a longer string (a log line) is a view of it in V8, which would keep
 * the whole line alive.
 */
function ownCopy(key: string): string {
  return Buffer.from(key, 'utf8').toString('utf8');
}

export class LruMap<V> {
  /** Hash → its chain of entries; insertion order is the CLOCK's order. */
  private readonly chains = new Map<number, Slot<V>>();
  private count = 0;

  constructor(private readonly max: number) {}

  get size(): number {
    return this.count;
  }

  /** Looks up and marks as recently used. */
  get(key: string): V | undefined {
    return this.getIn(key, 0, key.length);
  }

  /** Looks up the key text[start, end) where it stands (in a log line: no string is cut out), marking it as used. */
  getIn(text: string, start: number, end: number): V | undefined {
    const slot = this.find(text, start, end);
    if (!slot) return undefined;
    slot.used = true;
    return slot.value;
  }

  /** Looks up without marking. */
  peek(key: string): V | undefined {
    return this.find(key, 0, key.length)?.value;
  }

  set(key: string, value: V): void {
    const h = hashOf(key, 0, key.length);
    const head = this.chains.get(h);
    let prev: Slot<V> | undefined;
    for (let s = head; s; prev = s, s = s.next) {
      if (s.key !== key) continue;
      const replaced: Slot<V> = { key: s.key, value, used: true, next: s.next };
      if (prev) prev.next = replaced;
      else this.chains.set(h, replaced);
      return;
    }
    this.chains.set(h, { key: ownCopy(key), value, used: false, next: head });
    if (++this.count > this.max) this.evictOne();
  }

  private find(text: string, start: number, end: number): Slot<V> | undefined {
    let s = this.chains.get(hashOf(text, start, end));
    if (!s) return undefined;
    const key = start === 0 && end === text.length ? text : text.substring(start, end);
    for (; s; s = s.next) if (s.key === key) return s;
    return undefined;
  }

  private evictOne(): void {
    for (const [h, head] of this.chains) {
      this.chains.delete(h);
      // Unused entries of this chain go; the used ones get their second chance at the young end.
      let kept: Slot<V> | undefined;
      let removed = 0;
      for (let s: Slot<V> | undefined = head, next: Slot<V> | undefined; s; s = next) {
        next = s.next;
        if (s.used) {
          s.used = false;
          s.next = kept;
          kept = s;
        } else {
          removed++;
        }
      }
      if (kept) this.chains.set(h, kept);
      if (removed > 0) {
        this.count -= removed;
        return;
      }
    }
  }
}
