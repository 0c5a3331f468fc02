/**
 * Reads the common name out of a subject as command lines write it: OpenSSL's slash form
 * (`/C=US/O=x/CN=name`, `\/` escapes a slash, `+` joins multi-valued RDNs) or the comma form used by
 * New-SelfSignedCertificate, makecert and keytool (`CN=name, O=x`, RFC 4514-like, `"…"` quoting allowed).
 */

/** The attributes of a subject, in the order written, keys upper-cased. */
export function subjectAttributes(subject: string): Array<[string, string]> {
  const s = subject.trim();
  const parts = s.startsWith('/') ? splitUnescaped(s.slice(1), '/') : splitUnescaped(s, ',');
  const out: Array<[string, string]> = [];
  for (const part of parts) {
    for (const ava of splitUnescaped(part, '+')) {
      const eq = ava.indexOf('=');
      if (eq <= 0) continue;
      let value = ava.slice(eq + 1).trim();
      if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
      out.push([ava.slice(0, eq).trim().toUpperCase(), value.replace(/\\(.)/g, '$1')]);
    }
  }
  return out;
}

/** The first CN of a subject, if any. */
export function commonNameOf(subject: string): string | undefined {
  for (const [key, value] of subjectAttributes(subject)) {
    if (key === 'CN' || key === 'COMMONNAME' || key === '2.5.4.3') return value;
  }
  return undefined;
}

function splitUnescaped(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[i + 1];
      i++;
    } else if (c === '"') {
      quoted = !quoted;
      cur += c;
    } else if (c === sep && !quoted) {
      out.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  out.push(cur);
  return out;
}
