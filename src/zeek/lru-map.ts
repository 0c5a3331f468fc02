/**
 * A Map capped at `max` entries that forgets a not-recently-used entry first. CLOCK (second chance), an LRU
 * approximation: a hit only sets a flag (no reordering on the hot path); when full, entries from the oldest
 * end that were used since they were last passed get moved to the young end once, and the first unused one goes.
 */
interface Slot<V> {
  value: V;
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

  /** Looks up without marking. */
  peek(key: K): V | undefined {
    return this.map.get(key)?.value;
  }

  set(key: K, value: V): void {
    const slot = this.map.get(key);
    if (slot) {
      slot.value = value;
      slot.used = true;
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
