/**
 * A plain-text table sized to the terminal: columns take their content's width; when the table is wider than the
 * terminal, the least useful column gives way first (down to its minimum), then whole columns go, least useful first.
 * Wrapping columns (command lines, reasons) continue on more lines instead of being cut. No line is wider than asked.
 */
import type { Severity } from '../detect/types';
import { NO_PAINT, type Paint } from './colour';
import { clip, displayWidth, padTo, terminalSafe, wrap } from './terminal-text';

export interface Column<T> {
  header: string;
  value: (row: T) => string;
  /** How useful the column is (default 1): the lowest gives way first. */
  priority?: number;
  /** Wraps onto more lines instead of being cut. */
  wrap?: boolean;
  /** Narrowest the column may become before columns are left out (default: 16 for a wrapping column, else its header's width, at least 4). */
  min?: number;
  /** Colours the cell by this severity. */
  severity?: (row: T) => Severity | undefined;
}

const GAP = 2;

function minWidth<T>(c: Column<T>): number {
  return c.min ?? (c.wrap ? 16 : Math.max(4, Math.min(displayWidth(c.header), 10)));
}

/**
 * Column widths that fit `maxWidth`, and which columns stay shown: each column shrinks to its minimum, least useful
 * first; if that is not enough, whole columns go, least useful first; the room then left goes back to the most
 * useful columns.
 */
function layout<T>(columns: Column<T>[], natural: number[], maxWidth: number): { widths: number[]; shown: boolean[] } {
  const widths = [...natural];
  const shown = columns.map(() => true);
  const total = () => widths.reduce((sum, w, i) => sum + (shown[i] ? w : 0), 0) + GAP * (shown.filter(Boolean).length - 1);
  // least useful first; among equals, the rightmost
  const order = columns.map((c, i) => ({ p: c.priority ?? 1, i })).sort((a, b) => a.p - b.p || b.i - a.i).map((x) => x.i);
  for (const i of order) {
    const over = total() - maxWidth;
    if (over <= 0) break;
    widths[i] -= Math.min(over, Math.max(0, widths[i] - Math.min(minWidth(columns[i]), natural[i])));
  }
  for (const i of order) {
    if (total() <= maxWidth || shown.filter(Boolean).length === 1) break;
    shown[i] = false;
  }
  for (const i of [...order].reverse()) {
    const room = maxWidth - total();
    if (room <= 0) break;
    if (shown[i]) widths[i] += Math.min(room, natural[i] - widths[i]);
  }
  const over = total() - maxWidth;
  if (over > 0) widths[order.find((i) => shown[i]) ?? 0] -= over; // one column left, wider than the terminal: cut it
  return { widths, shown };
}

export function renderTable<T>(rows: T[], columns: Column<T>[], maxWidth = 200, paint: Paint = NO_PAINT): string {
  const cells = rows.map((r) => columns.map((c) => terminalSafe(c.value(r).replace(/[\r\n\t]+/g, ' '))));
  const natural = columns.map((c, i) => Math.max(displayWidth(c.header), ...cells.map((row) => displayWidth(row[i]))));
  const { widths, shown } = layout(columns, natural, maxWidth);
  const visible = columns.map((_, i) => i).filter((i) => shown[i]);
  const last = visible[visible.length - 1];
  const out: string[] = [];
  const emit = (texts: string[], row: T | undefined) => {
    const parts = visible.map((i) => (columns[i].wrap && row !== undefined ? wrap(texts[i], widths[i]) : [clip(texts[i], widths[i])]));
    const height = Math.max(...parts.map((p) => p.length));
    for (let line = 0; line < height; line++) {
      const text = visible.map((i, k) => {
        const cell = parts[k][line] ?? '';
        const padded = i === last ? cell : padTo(cell, widths[i]);
        const severity = row !== undefined && cell !== '' ? columns[i].severity?.(row) : undefined;
        return severity ? paint(severity, cell) + padded.slice(cell.length) : padded;
      }).join(' '.repeat(GAP));
      out.push(text.trimEnd());
    }
  };
  emit(columns.map((c) => c.header), undefined);
  rows.forEach((r, k) => emit(cells[k], r));
  return out.join('\n') + '\n';
}
