/** Tells a Suricata EVE log from its first bytes (never from its name): a JSON object with `event_type` and `timestamp`. */

/** Whether the head of a file is EVE JSON (its first non-blank line is an EVE event, even if the head cuts it). */
export function sniffEve(head: string): boolean {
  const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  const start = text.search(/\S/);
  if (start === -1 || text[start] !== '{') return false;
  const nl = text.indexOf('\n', start);
  const first = text.slice(start, nl === -1 ? text.length : nl);
  try {
    const obj = JSON.parse(first) as Record<string, unknown>;
    return obj !== null && typeof obj === 'object' && typeof obj.event_type === 'string' && typeof obj.timestamp === 'string';
  } catch {
    return /"event_type"\s*:\s*"[a-z_]+"/.test(first) && /"timestamp"\s*:\s*"\d{4}-/.test(first);
  }
}
