/** The width tables and findings are laid out to: the terminal's columns, else `COLUMNS`, else 120. */
export const DEFAULT_WIDTH = 120;

export function terminalWidth(stream: { columns?: number } = process.stdout, env: NodeJS.ProcessEnv = process.env): number {
  if (stream.columns && stream.columns > 0) return stream.columns;
  const fromEnv = Number(env.COLUMNS);
  return Number.isInteger(fromEnv) && fromEnv >= 20 ? fromEnv : DEFAULT_WIDTH;
}
