/**
 * Windows certificate tools: certutil (https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/certutil),
 * CertMgr.exe (https://learn.microsoft.com/en-us/windows/win32/seccrypto/certmgr-exe), MakeCert.exe
 * (https://learn.microsoft.com/en-us/windows/win32/seccrypto/makecert) and Pvk2Pfx.exe. Options start with `-` or `/`.
 */
import {
  addAction,
  addCertFiles,
  addFile,
  addThumbprint,
  setDays,
  setKey,
  setStore,
  setSubject,
  type CommandLineAnalysis,
} from './analysis';

const isOption = (t: string): boolean => /^[-/][a-z0-9]/i.test(t) && !/^\/[^\s]*\//.test(t);
const optionName = (t: string): string => t.slice(1).toLowerCase();

/** certutil options that take a value (so it is not read as the verb's argument). */
const CERTUTIL_VALUE_OPTIONS = new Set(['p', 'csp', 't', 'config', 'pin', 'sid', 'dc', 'restrict', 'out', 'kms']);
/** certutil options that are flags, not verbs. */
const CERTUTIL_FLAGS = new Set([
  'f', 'user', 'enterprise', 'grouppolicy', 'split', 'silent', 'v', 'unicode', 'gmt', 'seconds', 'nocrl', 'privatekey',
  'ut', 'mt', 'nullsign', 'urlfetch', 'ad', 'service', 'cluster', 'protect', 'protectto', 'reverse', 'nocr', 'ldap',
]);
/** `certutil -dspublish` targets that make a certificate trusted across the forest. */
const DSPUBLISH_TRUSTED = /^(rootca|ntauthca|crossca|subca)$/i;

export function analyzeCertutil(args: readonly string[], a: CommandLineAnalysis): void {
  let verb = '';
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const t = args[i];
    if (isOption(t)) {
      const name = optionName(t);
      if (CERTUTIL_VALUE_OPTIONS.has(name)) i++;
      else if (!CERTUTIL_FLAGS.has(name) && !verb) verb = name;
    } else if (verb) {
      positionals.push(t);
    }
  }
  addCertFiles(a, positionals);
  for (const p of positionals) addThumbprint(a, p);
  switch (verb) {
    case 'addstore':
      setStore(a, positionals[0]);
      addAction(a, 'store-import');
      break;
    case 'importpfx':
      // [CertificateStoreName] PFXFile [Modifiers]: a first argument that is no file names the store; default My.
      setStore(a, positionals.length >= 2 && !/[.\\/:]/.test(positionals[0]) ? positionals[0] : 'My');
      addAction(a, 'store-import');
      break;
    case 'dspublish': {
      const target = positionals[1];
      if (target && DSPUBLISH_TRUSTED.test(target)) {
        setStore(a, target);
        addAction(a, 'ca-publish');
      } else {
        addAction(a, 'other');
      }
      break;
    }
    default:
      addAction(a, 'other');
  }
}

/** `CertMgr /add CertificateName [/c] [/s [/r RegistryLocation]] StoreName`, `/sha1 thumbprint`, `/n name`. */
export function analyzeCertmgr(args: readonly string[], a: CommandLineAnalysis): void {
  let verb = '';
  let systemStore = false;
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const t = args[i];
    if (!isOption(t)) {
      positionals.push(t);
      continue;
    }
    const name = optionName(t);
    if (name === 'add' || name === 'del' || name === 'put') verb ||= name;
    else if (name === 's') systemStore = true;
    else if (name === 'r') i++;
    else if (name === 'sha1') addThumbprint(a, args[++i]);
    else if (name === 'n') setSubject(a, args[++i] === undefined ? undefined : `CN=${args[i]}`);
  }
  if (verb === 'add') {
    addFile(a, positionals[0]);
    if (positionals.length >= 2) setStore(a, positionals[positionals.length - 1]);
    addAction(a, systemStore || positionals.length >= 2 ? 'store-import' : 'other');
  } else {
    addCertFiles(a, positionals);
    addAction(a, 'other');
  }
}

/** makecert: `-n "CN=…"` subject, `-r` self-signed, `-ss`/`-sr` store, `-len`, `-sky`, `-sv`/`-ic`/`-iv` files, `-cy authority`, `-m` months. */
export function analyzeMakecert(args: readonly string[], a: CommandLineAnalysis): void {
  let selfSigned = false;
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const t = args[i];
    if (!isOption(t)) {
      positionals.push(t);
      continue;
    }
    const name = optionName(t);
    const value = args[i + 1];
    switch (name) {
      case 'r':
      case 'pe':
      case 'nscp':
        selfSigned ||= name === 'r';
        continue;
      case 'n':
        setSubject(a, value);
        break;
      case 'ss':
        setStore(a, value);
        break;
      case 'len':
        if (value && /^\d+$/.test(value)) setKey(a, 'rsa', Number(value));
        break;
      case 'sv':
      case 'ic':
      case 'iv':
        addFile(a, value);
        break;
      case 'cy':
        if (value?.toLowerCase() === 'authority') a.names.isCa = true;
        break;
      case 'm':
        if (value && /^\d+$/.test(value)) setDays(a, Number(value) * 30);
        break;
      default:
        break;
    }
    i++;
  }
  for (const p of positionals) addFile(a, p);
  addAction(a, selfSigned ? 'self-signed-certificate' : 'certificate-creation');
  if (a.store !== undefined) addAction(a, 'store-import');
}

/** `pvk2pfx -pvk key.pvk -spc cert.spc -pfx out.pfx`. */
export function analyzePvk2pfx(args: readonly string[], a: CommandLineAnalysis): void {
  for (let i = 0; i < args.length; i++) {
    const name = isOption(args[i]) ? optionName(args[i]) : '';
    if (name === 'pvk' || name === 'spc' || name === 'pfx') addFile(a, args[++i]);
  }
  addAction(a, 'pfx-export');
}
