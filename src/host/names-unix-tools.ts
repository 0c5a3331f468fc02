/**
 * Trust-store tools outside Windows: p11-kit `trust anchor` (trust(1)), macOS `security add-trusted-cert`
 * (security(1)), Java `keytool` (https://docs.oracle.com/en/java/javase/17/docs/specs/man/keytool.html), `mkcert`,
 * and the bundle rebuilders `update-ca-certificates`, `update-ca-trust`, `certctl rehash`.
 */
import {
  addAction,
  addCertFiles,
  addFile,
  addHostName,
  setDays,
  setKey,
  setStore,
  setSubject,
  type CommandLineAnalysis,
} from './analysis';

export function analyzeTrust(args: readonly string[], a: CommandLineAnalysis): void {
  if (args[0] === 'anchor' && !args.includes('--remove')) {
    for (const t of args.slice(1)) if (!t.startsWith('-')) addFile(a, t);
    setStore(a, 'anchors');
    addAction(a, 'trust-anchor-install');
  } else {
    addAction(a, 'other');
  }
}

/** `security add-trusted-cert [-d] [-r resultType] [-k keychain] certFile`. */
export function analyzeSecurity(args: readonly string[], a: CommandLineAnalysis): void {
  if (args[0] !== 'add-trusted-cert' && args[0] !== 'add-certificates') {
    addAction(a, 'other');
    return;
  }
  let result = 'trustRoot';
  let keychain: string | undefined;
  for (let i = 1; i < args.length; i++) {
    const t = args[i];
    if (t === '-r') result = args[++i] ?? result;
    else if (t === '-k') keychain = args[++i];
    else if (t === '-p' || t === '-s' || t === '-e' || t === '-i' || t === '-o') i++;
    else if (!t.startsWith('-')) addFile(a, t);
  }
  setStore(a, keychain ?? 'login.keychain');
  const trusted = args[0] === 'add-trusted-cert' && /^trust(root|asroot)$/i.test(result);
  addAction(a, trusted ? 'trust-anchor-install' : 'store-import');
}

/** keytool `-importcert`/`-import` into a keystore (`-cacerts` is the JDK's trust store), `-genkeypair`. */
export function analyzeKeytool(args: readonly string[], a: CommandLineAnalysis): void {
  const lower = args.map((t) => t.toLowerCase());
  for (let i = 0; i < args.length; i++) {
    const value = args[i + 1];
    switch (lower[i]) {
      case '-file':
      case '-keystore':
        addFile(a, value);
        break;
      case '-dname':
        setSubject(a, value);
        break;
      case '-validity':
        if (value && /^\d+$/.test(value)) setDays(a, Number(value));
        break;
      case '-keyalg':
        setKey(a, value?.toLowerCase());
        break;
      case '-keysize':
        if (value && /^\d+$/.test(value)) setKey(a, undefined, Number(value));
        break;
      case '-ext':
        if (value && /^(san|subjectalternativename)=/i.test(value)) {
          for (const item of value.slice(value.indexOf('=') + 1).split(',')) {
            const m = /^(dns|ip):(.+)$/i.exec(item.trim());
            if (m) addHostName(a, m[2]);
          }
        }
        break;
      default:
        break;
    }
  }
  if (lower.includes('-importcert') || lower.includes('-import')) {
    const at = lower.indexOf('-keystore');
    const keystore = lower.includes('-cacerts') ? 'cacerts' : at >= 0 ? args[at + 1] : undefined;
    setStore(a, keystore);
    // The JDK trust store is `cacerts` (`-cacerts`, or a -keystore path ending in it).
    addAction(a, keystore !== undefined && /cacerts$/i.test(keystore) ? 'trust-anchor-install' : 'store-import');
  } else if (lower.includes('-genkeypair') || lower.includes('-genkey')) {
    addAction(a, 'self-signed-certificate');
  } else {
    addAction(a, 'other');
  }
}

/** `mkcert -install` installs mkcert's local CA as a root; `mkcert name…` makes a certificate for those names. */
export function analyzeMkcert(args: readonly string[], a: CommandLineAnalysis): void {
  if (args.includes('-install')) {
    setStore(a, 'mkcert-root');
    addAction(a, 'trust-anchor-install');
    return;
  }
  for (let i = 0; i < args.length; i++) {
    const t = args[i];
    if (t === '-cert-file' || t === '-key-file' || t === '-p12-file') addFile(a, args[++i]);
    else if (!t.startsWith('-')) addHostName(a, t);
  }
  addAction(a, a.names.dnsNames.length + (a.names.ipAddresses?.length ?? 0) > 0 ? 'certificate-creation' : 'other');
}

/** update-ca-certificates, update-ca-trust, certctl rehash: the trust bundle is rebuilt from its source folder. */
export function analyzeTrustRefresh(args: readonly string[], a: CommandLineAnalysis): void {
  addCertFiles(a, args);
  addAction(a, 'trust-refresh');
}
