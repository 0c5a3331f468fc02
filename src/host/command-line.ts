/**
 * What a command line names: subject, DNS names, files, thumbprints, validity, key, target store; and what the
 * command does with certificates (for certhound's own verdict). Tool-specific readers live in names-*.ts.
 */
import { addCertFiles, addAction, addThumbprint, emptyAnalysis, type CommandLineAnalysis } from './analysis';
import { analyzeOpenssl } from './names-openssl';
import { analyzePowerShell } from './names-powershell';
import { analyzeCertmgr, analyzeCertutil, analyzeMakecert, analyzePvk2pfx } from './names-windows-tools';
import {
  analyzeKeytool,
  analyzeMkcert,
  analyzeSecurity,
  analyzeTrust,
  analyzeTrustRefresh,
} from './names-unix-tools';
import { looksWindows, toolFromImage } from './tool-from-image';
import { textAfterProgram, tokenizeCommandLine, type TokenStyle } from './tokenize';
import type { CommandLineNames } from './types';

export { tokenizeCommandLine, type TokenStyle } from './tokenize';
export type { CommandLineAnalysis, CommandAction } from './analysis';

/** Tools that exist only on Windows: a bare `certutil -addstore …` is still Windows quoting. */
const WINDOWS_ONLY_TOOLS = new Set(['certutil', 'certmgr', 'makecert', 'pvk2pfx', 'cmd', 'powershell_ise']);

/** Quoting rules for a command line: from the image path when known, else from its first word. */
export function commandLineStyle(cmd: string, image?: string): TokenStyle {
  if (image) return looksWindows(image) ? 'windows' : 'posix';
  const first = /^\s*("[^"]*"|\S+)/.exec(cmd)?.[1] ?? '';
  if (looksWindows(first)) return 'windows';
  return WINDOWS_ONLY_TOOLS.has(first.toLowerCase()) ? 'windows' : 'posix';
}

type ToolReader = (args: readonly string[], a: CommandLineAnalysis) => void;

const READERS: Readonly<Record<string, ToolReader>> = {
  openssl: analyzeOpenssl,
  certutil: analyzeCertutil,
  certmgr: analyzeCertmgr,
  makecert: analyzeMakecert,
  pvk2pfx: analyzePvk2pfx,
  keytool: analyzeKeytool,
  security: analyzeSecurity,
  trust: analyzeTrust,
  mkcert: analyzeMkcert,
  'update-ca-certificates': analyzeTrustRefresh,
  'update-ca-trust': analyzeTrustRefresh,
  certctl: analyzeTrustRefresh,
};

/**
 * Reads one command line. The tool is the image's file name (toolFromImage); without an image, the command's
 * first word. The image also picks Windows or POSIX quoting; `exactArgv` (when the source logged the argument
 * vector itself) is used as is.
 */
export function analyzeCommandLine(cmd: string, image?: string, exactArgv?: readonly string[]): CommandLineAnalysis {
  const a = emptyAnalysis();
  const argv = exactArgv ?? tokenizeCommandLine(cmd, commandLineStyle(cmd, image));
  const family = toolFromImage(image ?? argv[0]);
  if (family !== undefined) a.tool = family;
  if (family === 'powershell') {
    analyzePowerShell(exactArgv ? '' : textAfterProgram(cmd), argv.slice(1), a);
    return a;
  }
  const reader = family === undefined ? undefined : READERS[family];
  if (reader) {
    reader(argv.slice(1), a);
  } else {
    addCertFiles(a, argv.slice(1));
    for (const t of argv) addThumbprint(a, t);
    addAction(a, 'other');
  }
  return a;
}

/** What a command line names, and the store it targets. */
export function extractCommandLineNames(cmd: string, image?: string): CommandLineNames & { store?: string } {
  const a = analyzeCommandLine(cmd, image);
  return a.store === undefined ? { ...a.names } : { ...a.names, store: a.store };
}
