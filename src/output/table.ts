/** A plain-text table: columns sized to their content, the widest column shrunk to fit the terminal. */

export interface Column<T> {
  header: string;
  value: (row: T) => string;
  /** The column that gives way when the table is wider than the terminal. */
  flexible?: boolean;
}

function fit(text: string, width: number): string {
  if (text.length <= width) return text.padEnd(width);
  return width <= 1 ? text.slice(0, width) : `${text.slice(0, width - 1)}…`;
}

export function renderTable<T>(rows: T[], columns: Column<T>[], maxWidth = 200): string {
  const cells = rows.map((r) => columns.map((c) => c.value(r).replace(/[\r\n\t]+/g, ' ')));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((row) => row[i].length)));
  const gap = 2;
  const total = widths.reduce((a, b) => a + b, 0) + gap * (columns.length - 1);
  const flex = columns.findIndex((c) => c.flexible);
  if (total > maxWidth && flex >= 0) widths[flex] = Math.max(columns[flex].header.length, widths[flex] - (total - maxWidth));
  const line = (values: string[]) => values.map((v, i) => fit(v, widths[i])).join(' '.repeat(gap)).trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join('\n') + '\n';
}
