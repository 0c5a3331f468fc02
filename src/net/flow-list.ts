/** Flows in order of their latest packet, least recently active first: idle eviction only looks at the head. */
import type { FlowRecord } from './flow-record';

export class FlowList {
  head: FlowRecord | null = null;
  private tail: FlowRecord | null = null;

  /** Puts the flow at the most recently active end (it must not be in the list). */
  append(f: FlowRecord): void {
    f.prev = this.tail;
    f.next = null;
    if (this.tail !== null) this.tail.next = f;
    else this.head = f;
    this.tail = f;
  }

  /** Moves a listed flow to the most recently active end. */
  touch(f: FlowRecord): void {
    if (this.tail === f) return;
    this.remove(f);
    this.append(f);
  }

  remove(f: FlowRecord): void {
    if (f.prev === null && this.head !== f) return; // not listed
    if (f.prev !== null) f.prev.next = f.next;
    else this.head = f.next;
    if (f.next !== null) f.next.prev = f.prev;
    else this.tail = f.prev;
    f.prev = f.next = null;
  }

  clear(): void {
    this.head = this.tail = null;
  }
}
