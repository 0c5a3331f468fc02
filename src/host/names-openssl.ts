/**
 * OpenSSL command lines: `openssl <command> [options]` (https://docs.openssl.org/3.0/man1/openssl/,
 * openssl-req(1), openssl-x509(1), openssl-ca(1), openssl-genpkey(1), openssl-pkcs12(1)).
 */
import {
  addAction,
  addFile,
  addSanText,
  setDays,
  setKey,
  setSubject,
  addCertFiles,
  type CommandLineAnalysis,
} from './analysis';
import { CURVE_BITS } from './consts';

/** Options whose value names a file. */
const FILE_OPTIONS = new Set(['-out', '-keyout', '-key', '-in', '-inkey', '-ca', '-cakey', '-signkey', '-certfile', '-cert', '-keyfile']);
/** Other options that take a value (so the value is not read as a positional argument). */
const VALUE_OPTIONS = new Set([
  '-subj', '-days', '-newkey', '-pkeyopt', '-algorithm', '-name', '-addext', '-extensions', '-reqexts', '-config',
  '-extfile', '-passout', '-passin', '-password', '-set_serial', '-sigopt', '-keyform', '-outform', '-inform',
  '-caserial', '-caname', '-outdir', '-connect', '-servername', '-nameopt', '-certopt', '-md', '-policy',
  '-startdate', '-enddate', '-paramfile', '-cipher', '-macalg', '-keypbe', '-certpbe', '-engine', '-provider',
]);

/** Fills `a` from the arguments after the `openssl` program name. */
export function analyzeOpenssl(args: readonly string[], a: CommandLineAnalysis): void {
  const command = args[0] !== undefined && !args[0].startsWith('-') ? args[0].toLowerCase() : '';
  const flags = new Set<string>();
  const positionals: string[] = [];
  for (let i = command ? 1 : 0; i < args.length; i++) {
    const opt = args[i].toLowerCase();
    if (!opt.startsWith('-')) {
      positionals.push(args[i]);
      continue;
    }
    flags.add(opt);
    if (!FILE_OPTIONS.has(opt) && !VALUE_OPTIONS.has(opt)) continue;
    const value = args[++i];
    if (value === undefined) break;
    readValueOption(opt, value, a);
  }
  addCertFiles(a, positionals);
  if (command === 'genrsa') {
    const bits = positionals.find((p) => /^\d+$/.test(p));
    setKey(a, 'rsa', bits === undefined ? undefined : Number(bits));
  } else if (command === 'gendsa') {
    setKey(a, 'dsa');
  } else if (command === 'ecparam' && flags.has('-genkey')) {
    setKey(a, 'ec');
  }
  addAction(a, actionOf(command, flags));
}

function readValueOption(opt: string, value: string, a: CommandLineAnalysis): void {
  if (FILE_OPTIONS.has(opt)) {
    addFile(a, value);
    return;
  }
  switch (opt) {
    case '-subj':
      setSubject(a, value);
      break;
    case '-days':
      if (/^\d+$/.test(value)) setDays(a, Number(value));
      break;
    case '-newkey':
      readNewkey(value, a);
      break;
    case '-algorithm':
      setKey(a, value.toLowerCase());
      break;
    case '-name': {
      const bits = CURVE_BITS[value.toLowerCase()];
      if (bits !== undefined) setKey(a, 'ec', bits);
      break;
    }
    case '-pkeyopt':
      readPkeyopt(value, a);
      break;
    case '-addext':
      readExtension(value, a);
      break;
    case '-extensions':
    case '-reqexts':
      if (/ca/i.test(value)) a.names.isCa = true;
      break;
    default:
      break;
  }
}

/** `rsa:4096`, `rsa`, `ec`, `ec:params.pem`, `ed25519`, `param:file`. */
function readNewkey(value: string, a: CommandLineAnalysis): void {
  const [alg, param] = value.split(':', 2);
  const type = alg.toLowerCase();
  if (type === 'param') return;
  if (param !== undefined && /^\d+$/.test(param)) setKey(a, type, Number(param));
  else setKey(a, type);
}

/** `rsa_keygen_bits:4096`, `ec_paramgen_curve:P-256`. */
function readPkeyopt(value: string, a: CommandLineAnalysis): void {
  const [name, v] = value.split(':', 2);
  if (v === undefined) return;
  if (name === 'rsa_keygen_bits' && /^\d+$/.test(v)) setKey(a, 'rsa', Number(v));
  else if (name === 'ec_paramgen_curve') setKey(a, 'ec', CURVE_BITS[v.toLowerCase()]);
}

/** `subjectAltName=DNS:a,IP:1.2.3.4`, `basicConstraints=critical,CA:TRUE`, `keyUsage=keyCertSign`. */
function readExtension(value: string, a: CommandLineAnalysis): void {
  const eq = value.indexOf('=');
  if (eq < 0) return;
  const name = value.slice(0, eq).trim().toLowerCase();
  const body = value.slice(eq + 1);
  if (name === 'subjectaltname') addSanText(a, body);
  else if (name === 'basicconstraints' && /ca\s*:\s*true/i.test(body)) a.names.isCa = true;
  else if (name === 'keyusage' && /keycertsign/i.test(body)) a.names.isCa = true;
}

function actionOf(command: string, flags: ReadonlySet<string>): CommandLineAnalysis['actions'][number] {
  switch (command) {
    case 'req':
      if (flags.has('-x509')) return flags.has('-ca') ? 'certificate-creation' : 'self-signed-certificate';
      return flags.has('-new') || flags.has('-newkey') ? 'certificate-request' : 'other';
    case 'x509':
      if (!flags.has('-req') && !flags.has('-new')) return 'other';
      return flags.has('-signkey') || flags.has('-key') ? 'self-signed-certificate' : 'certificate-creation';
    case 'ca':
      return flags.has('-selfsign') ? 'self-signed-certificate' : 'certificate-creation';
    case 'genrsa':
    case 'gendsa':
    case 'genpkey':
      return 'key-generation';
    case 'ecparam':
      return flags.has('-genkey') ? 'key-generation' : 'other';
    case 'pkcs12':
      return flags.has('-export') ? 'pfx-export' : 'other';
    default:
      return 'other';
  }
}
