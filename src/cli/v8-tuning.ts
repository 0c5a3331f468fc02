/**
 * V8 settings for a certhound process, set once before any work (by the launcher, and by the bench's children,
 * which run the product as the launcher does). A library caller's process is left as its owner set it.
 *
 * Allocation-site pretenuring: when objects made at one site mostly survive a scavenge, V8 makes that site's later
 * objects in the old space. A scan queues each handshake's baseline sightings until the next pause for I/O, so early
 * in a run, while the young generation is still small, those queued objects survive and V8 decides they live long.
 * From then on every handshake's sightings are old-space garbage: a 1 M-line Zeek sweep with the baseline promoted
 * 1.1 MB per scavenge and peaked at 440 MiB; without pretenuring it promotes nothing, peaks at 190 MiB and is faster.
 */
import { setFlagsFromString } from 'node:v8';

export function tuneV8(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}
