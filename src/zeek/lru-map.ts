/**
 * A Map capped at `max` entries that forgets a not-recently-used entry first. CLOCK (second chance), an LRU
 * approximation: a hit only sets a flag (no reordering on the hot path); when full, entries from the oldest
 * end that were used since they were last passed get moved to the young end once, and the first unused one goes.
 */
/** An entry; a caller that keeps one may set `used` itself instead of looking the key up again. */
export interface Slot<V> {
  readonly value: V;
  used: boolean;
}

export class LruMap<K, V> {
  private readonly map = new Map<K, Slot<V>>();

  constructor(private readonly max: number) {}

  get size(): number {
    return this.map.size;
  }

  /** Looks up and marks as recently used. */
  get(key: K): V | undefined {
    const slot = this.map.get(key);
    if (!slot) return undefined;
    slot.used = true;
    return slot.value;
  }

  /** The entry itself, marked as used. */
  slot(key: K): Slot<V> | undefined {
    const slot = this.map.get(key);
    if (slot) slot.used = true;
    return slot;
  }

  /** Looks up without marking. */
  peek(key: K): V | undefined {
    return this.map.get(key)?.value;
  }

  set(key: K, value: V): void {
    const slot = this.map.get(key);
    if (slot) {
      this.map.set(key, { value, used: true });
      return;
    }
    this.map.set(key, { value, used: false });
    if (this.map.size > this.max) this.evictOne();
  }

  private evictOne(): void {
    for (const [key, slot] of this.map) {
      this.map.delete(key);
      if (!slot.used) return;
      slot.used = false;
      this.map.set(key, slot); // second chance: visited again at the young end
    }
  }
}
