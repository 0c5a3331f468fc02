/**
 * PowerShell command lines: the text after `powershell.exe`/`pwsh` read as script (cmdlets run inside the
 * powershell process, so they never show as child processes), plus a decoded `-EncodedCommand`.
 * Cmdlets: New-SelfSignedCertificate, Import-Certificate, Import-PfxCertificate, Export-PfxCertificate,
 * Export-Certificate (https://learn.microsoft.com/en-us/powershell/module/pki/), Move-Item/Copy-Item into the
 * Cert: drive, and .NET X509Store/CertificateRequest use.
 */
import {
  addAction,
  addCertFiles,
  addFile,
  addHostName,
  addSanText,
  addThumbprint,
  setDays,
  setKey,
  setStore,
  setSubject,
  type CommandLineAnalysis,
} from './analysis';
import { CURVE_BITS, MAX_ENCODED_COMMAND_CHARS } from './consts';
import { PS_LIST_COMMA, PS_STATEMENT_END, tokenizePowerShell } from './tokenize';

/** `Cert:\LocalMachine\Root`, `cert:\CurrentUser\My\<thumbprint>`. */
const CERT_DRIVE_PATH = /^cert:\\+(?:currentuser|localmachine)\\+([^\\]+)(?:\\+([0-9a-f]{40}))?/i;
const NOT_AFTER = /-notafter\b[^\n;|]*?\.add(days|months|years)\(\s*(\d+)\s*\)/i;
const X509_STORE_NAME = /x509store['"]?\s*(?:\(|-argumentlist)\s*\(?\s*['"]?(?:\[[\w.]*storename\]::)?(\w+)/i;
/** Days per unit for `.AddMonths`/`.AddYears` (approximate: calendar months and years vary). */
const DAYS_PER_UNIT: Readonly<Record<string, number>> = { days: 1, months: 30, years: 365 };

/**
 * Fills `a` from a powershell.exe / pwsh command. The script is read twice: as logged after the program (quotes
 * kept, so `& {… -Subject "CN=a b"}` keeps its subject whole) and as powershell.exe rebuilds it from its argv
 * (which unwraps `-Command "…"`); scalars keep the first reading, lists take both. A -EncodedCommand is decoded.
 */
export function analyzePowerShell(rawScript: string, args: readonly string[], a: CommandLineAnalysis): void {
  const decoded = decodeEncodedCommand(args);
  const text = `${rawScript}\n${args.join(' ')}${decoded === undefined ? '' : `\n${decoded}`}`;
  const tokens = tokenizePowerShell(text);
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    const drive = CERT_DRIVE_PATH.exec(tok);
    if (drive?.[2]) addThumbprint(a, drive[2]);
    if (!tok.startsWith('-')) continue;
    const colon = tok.indexOf(':');
    const name = (colon > 0 ? tok.slice(1, colon) : tok.slice(1)).toLowerCase();
    const inline = colon > 0 ? tok.slice(colon + 1) : undefined;
    readParameter(name, inline ? [inline] : parameterValues(tokens, i + 1), a);
  }
  addCertFiles(a, tokens);
  const lower = text.toLowerCase();
  const notAfter = NOT_AFTER.exec(text);
  if (notAfter) setDays(a, Number(notAfter[2]) * DAYS_PER_UNIT[notAfter[1].toLowerCase()]);
  const storeName = X509_STORE_NAME.exec(text);
  if (storeName && /\.add\(/i.test(text)) {
    setStore(a, storeName[1]);
    addAction(a, 'store-import');
  }
  readActions(lower, a);
}

const isWord = (t: string | undefined): t is string => t !== undefined && t !== PS_STATEMENT_END && t !== PS_LIST_COMMA;

/** The value after a parameter, and the items that follow it after commas (`-DnsName a, b`). */
function parameterValues(tokens: readonly string[], at: number): string[] {
  const first = tokens[at];
  if (!isWord(first) || first.startsWith('-')) return [];
  const values = [first];
  for (let k = at + 1; tokens[k] === PS_LIST_COMMA && isWord(tokens[k + 1]); k += 2) values.push(tokens[k + 1]);
  return values;
}

function readParameter(name: string, values: readonly string[], a: CommandLineAnalysis): void {
  const value = values[0];
  if (value === undefined) return;
  switch (name) {
    case 'subject':
      setSubject(a, value);
      break;
    case 'dnsname':
      for (const v of values) addHostName(a, v);
      if (a.names.commonName === undefined) a.names.commonName = values[0].toLowerCase();
      break;
    case 'certstorelocation':
    case 'destination': {
      const drive = CERT_DRIVE_PATH.exec(value);
      if (drive) setStore(a, drive[1]);
      break;
    }
    case 'filepath':
    case 'pfxfilepath':
      addFile(a, value);
      break;
    case 'thumbprint':
      addThumbprint(a, value);
      break;
    case 'keylength':
      if (/^\d+$/.test(value)) setKey(a, undefined, Number(value));
      break;
    case 'keyalgorithm':
      readKeyAlgorithm(value, a);
      break;
    case 'keyusage':
      if (/certsign/i.test(values.join(' '))) a.names.isCa = true;
      break;
    case 'textextension':
      for (const v of values) readTextExtension(v, a);
      break;
    default:
      break;
  }
}

/** `RSA`, `ECDSA_nistP256`, `ECDH_P384`. */
function readKeyAlgorithm(value: string, a: CommandLineAnalysis): void {
  const m = /^(ecdsa|ecdh)_(\w+)$/i.exec(value);
  if (m) setKey(a, 'ec', CURVE_BITS[m[2].toLowerCase()]);
  else setKey(a, value.toLowerCase());
}

/** `2.5.29.19={critical}{text}ca=TRUE`, `2.5.29.17={text}DNS=a&DNS=b&IPAddress=1.2.3.4`. */
function readTextExtension(value: string, a: CommandLineAnalysis): void {
  const body = value.replace(/\{[^}]*\}/g, '');
  if (value.startsWith('2.5.29.19=') && /ca=true/i.test(body)) a.names.isCa = true;
  if (value.startsWith('2.5.29.17=')) {
    addSanText(a, body.slice('2.5.29.17='.length).replace(/&/g, ',').replace(/=/g, ':').replace(/ipaddress:/gi, 'IP:'));
  }
}

function readActions(lower: string, a: CommandLineAnalysis): void {
  if (lower.includes('new-selfsignedcertificate')) {
    addAction(a, /-signer\b/.test(lower) ? 'certificate-creation' : 'self-signed-certificate');
  }
  if (lower.includes('createselfsigned(')) addAction(a, 'self-signed-certificate');
  if (/import-(pfx)?certificate/.test(lower)) addAction(a, 'store-import');
  if (/(move|copy)-item\b[^\n;|]*-destination\s+['"]?cert:/.test(lower)) addAction(a, 'store-import');
  if (lower.includes('export-pfxcertificate')) addAction(a, 'pfx-export');
  if (lower.includes('x509enrollment.cbinaryconverter') || lower.includes('884e2002-217d-11da-b2a4-000e7bbb2b09')) {
    addAction(a, 'certificate-request');
  }
  if (/x509certificate2|rsacryptoserviceprovider|ecdsacng|certificaterequest|system\.security\.cryptography/.test(lower)) {
    addAction(a, 'certificate-api');
  }
  if (a.actions.length === 0) addAction(a, 'other');
}

/** `-EncodedCommand` and its prefixes (`-e`, `-ec`, `-enc`, …): Base64 of UTF-16LE script text. */
function decodeEncodedCommand(args: readonly string[]): string | undefined {
  for (let i = 0; i + 1 < args.length; i++) {
    const opt = args[i].replace(/^[-/]+/, '').toLowerCase();
    if (!/^[-/]/.test(args[i])) continue;
    if (opt === 'e' || opt === 'ec' || (opt.length >= 2 && 'encodedcommand'.startsWith(opt))) {
      const b64 = args[i + 1].slice(0, MAX_ENCODED_COMMAND_CHARS);
      if (!/^[A-Za-z0-9+/=]+$/.test(b64)) return undefined;
      return Buffer.from(b64, 'base64').toString('utf16le');
    }
  }
  return undefined;
}
