/**
 * Command-line tokenisers. No shell is run and nothing is expanded; each returns the argv a program would see.
 *
 * windows: CommandLineToArgvW. argv[0] runs to the next `"` when it starts with one (no escapes), else to
 * whitespace. Later arguments: space/tab separate outside quotes; 2n backslashes + `"` give n backslashes and
 * toggle quoting; 2n+1 backslashes + `"` give n backslashes and a literal `"`; other backslashes are literal; inside
 * quotes `""` gives a literal `"` and ends the quoted part (the CommandLineToArgvW / pre-2008 CRT behaviour).
 * Sources: https://learn.microsoft.com/en-us/cpp/c-language/parsing-c-command-line-arguments,
 * https://devblogs.microsoft.com/oldnewthing/20100917-00/?p=12833, http://www.hardtoc.com/2010/09/24/quoting-command-line-arguments.html
 *
 * posix: POSIX sh quoting (XCU 2.2): `'…'` literal; `"…"` where `\` escapes only `$ \` " \\` and newline;
 * an unquoted `\` escapes the next character (and `\`+newline is removed). Operators are not split.
 *
 * powershell: enough of PowerShell's tokens to read cmdlet parameters from a script text: spaces, tabs, `(`, `)`
 * and `@(` separate words; a newline, `;`, `|`, `{` or `}` ends a statement (one `;` token); `,` joins list items
 * (a `,` token); `'…'` (with `''`) and `"…"` (backtick escapes) quote.
 */

export type TokenStyle = 'windows' | 'posix';

/** Splits a command line into its arguments the way the named platform does. */
export function tokenizeCommandLine(cmd: string, style: TokenStyle): string[] {
  return style === 'windows' ? tokenizeWindows(cmd) : tokenizePosix(cmd);
}

/**
 * The raw text after the program (argv[0]) of a command line, quotes untouched: what a script host such as
 * powershell.exe joins back into its script.
 */
export function textAfterProgram(cmd: string): string {
  const m = /^\s*(?:"[^"]*"?|\S+)\s?/.exec(cmd);
  return m ? cmd.slice(m[0].length) : cmd;
}

function isWinSpace(c: string): boolean {
  return c === ' ' || c === '\t';
}

function tokenizeWindows(cmd: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = cmd.length;
  while (i < n && (isWinSpace(cmd[i]) || cmd[i] === '\r' || cmd[i] === '\n')) i++;
  if (i >= n) return out;
  // argv[0]: a program path, quotes only protect spaces.
  if (cmd[i] === '"') {
    const end = cmd.indexOf('"', i + 1);
    out.push(cmd.slice(i + 1, end < 0 ? n : end));
    i = end < 0 ? n : end + 1;
  } else {
    const start = i;
    while (i < n && !isWinSpace(cmd[i])) i++;
    out.push(cmd.slice(start, i));
  }
  let cur = '';
  let inToken = false;
  let quoted = false;
  while (i < n) {
    const c = cmd[i];
    if (!quoted && isWinSpace(c)) {
      if (inToken) out.push(cur);
      cur = '';
      inToken = false;
      i++;
      continue;
    }
    inToken = true;
    if (c === '\\') {
      let k = i;
      while (k < n && cmd[k] === '\\') k++;
      const count = k - i;
      if (cmd[k] === '"') {
        cur += '\\'.repeat(count >> 1);
        if (count % 2 === 1) {
          cur += '"';
          i = k + 1;
        } else {
          i = k;
        }
      } else {
        cur += '\\'.repeat(count);
        i = k;
      }
      continue;
    }
    if (c === '"') {
      if (quoted && cmd[i + 1] === '"') {
        cur += '"';
        quoted = false;
        i += 2;
      } else {
        quoted = !quoted;
        i++;
      }
      continue;
    }
    cur += c;
    i++;
  }
  if (inToken) out.push(cur);
  return out;
}

const POSIX_DQ_ESCAPABLE = '$`"\\\n';

function tokenizePosix(cmd: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inToken = false;
  let i = 0;
  const n = cmd.length;
  while (i < n) {
    const c = cmd[i];
    if (c === ' ' || c === '\t' || c === '\n') {
      if (inToken) out.push(cur);
      cur = '';
      inToken = false;
      i++;
    } else if (c === "'") {
      const end = cmd.indexOf("'", i + 1);
      cur += cmd.slice(i + 1, end < 0 ? n : end);
      inToken = true;
      i = end < 0 ? n : end + 1;
    } else if (c === '"') {
      inToken = true;
      i++;
      while (i < n && cmd[i] !== '"') {
        if (cmd[i] === '\\' && i + 1 < n && POSIX_DQ_ESCAPABLE.includes(cmd[i + 1])) {
          if (cmd[i + 1] !== '\n') cur += cmd[i + 1];
          i += 2;
        } else {
          cur += cmd[i++];
        }
      }
      i++;
    } else if (c === '\\') {
      if (i + 1 < n && cmd[i + 1] !== '\n') {
        cur += cmd[i + 1];
        inToken = true;
      }
      i += 2;
    } else {
      cur += c;
      inToken = true;
      i++;
    }
  }
  if (inToken) out.push(cur);
  return out;
}

/** Token standing for a statement break in tokenizePowerShell's output. */
export const PS_STATEMENT_END = ';';
/** Token standing for a list comma in tokenizePowerShell's output. */
export const PS_LIST_COMMA = ',';

const PS_SPACE = ' \t\r()';
const PS_STATEMENT = '\n;|{}';

/** Splits PowerShell script text into words, quoted strings, `;` (statement end) and `,` (list) tokens. */
export function tokenizePowerShell(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inToken = false;
  const flush = (): void => {
    if (inToken) out.push(cur);
    cur = '';
    inToken = false;
  };
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (PS_SPACE.includes(c) || (c === '@' && text[i + 1] === '(' && !inToken)) {
      flush();
      i++;
    } else if (PS_STATEMENT.includes(c) || c === ',') {
      flush();
      const mark = c === ',' ? PS_LIST_COMMA : PS_STATEMENT_END;
      if (mark === PS_LIST_COMMA || out[out.length - 1] !== PS_STATEMENT_END) out.push(mark);
      i++;
    } else if (c === "'") {
      inToken = true;
      i++;
      while (i < n) {
        if (text[i] === "'" && text[i + 1] === "'") {
          cur += "'";
          i += 2;
        } else if (text[i] === "'") {
          i++;
          break;
        } else {
          cur += text[i++];
        }
      }
    } else if (c === '"') {
      inToken = true;
      i++;
      while (i < n && text[i] !== '"') {
        if (text[i] === '`' && i + 1 < n) {
          cur += text[i + 1];
          i += 2;
        } else {
          cur += text[i++];
        }
      }
      i++;
    } else {
      cur += c;
      inToken = true;
      i++;
    }
  }
  flush();
  return out;
}
