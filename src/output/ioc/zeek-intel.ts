/**
 * A Zeek intel framework file (`Intel::read_files`): tab-separated, a `#fields` header, `-` for an unset field. Each
 * exported certificate is an `Intel::CERT_HASH` (its SHA-1 in lower-case hex, what policy/frameworks/intel/seen/x509
 * looks up); a leaf's servers are `Intel::ADDR` and the SNIs it was served for `Intel::DOMAIN` (not a brand's own domain
 * the certificate claims, nor the sites an interception proxy's certificate stands in for: those are no indicators).
 */
import type { Finding } from '../../detect/types';
import { attackerDomains, describe, serverAddresses } from './indicators';

const FIELDS = ['indicator', 'indicator_type', 'meta.source', 'meta.desc', 'meta.url'];

/** A value as Zeek's ASCII reader takes it: no tab or newline, `-` alone means unset, so an empty text is `(empty)`. */
function field(text: string): string {
  const clean = text.replace(/[\t\r\n\x00-\x1f\x7f]+/g, ' ').trim();
  return clean === '' ? '(empty)' : clean === '-' ? '\\x2d' : clean;
}

export function zeekIntel(findings: readonly Finding[], source = 'certhound'): string {
  const lines = [`#fields\t${FIELDS.join('\t')}`];
  const seen = new Set<string>();
  const add = (indicator: string, type: string, desc: string) => {
    const key = `${type} ${indicator}`;
    if (seen.has(key)) return;
    seen.add(key);
    lines.push([field(indicator), type, field(source), field(desc), '-'].join('\t'));
  };
  for (const f of findings) {
    const desc = describe(f, 1);
    add(f.facts.sha1.toLowerCase(), 'Intel::CERT_HASH', desc);
    for (const ip of serverAddresses(f)) add(ip, 'Intel::ADDR', `presented ${f.sha256.slice(0, 16)}… (${desc})`);
    for (const name of attackerDomains(f)) add(name.toLowerCase(), 'Intel::DOMAIN', `served ${f.sha256.slice(0, 16)}… (${desc})`);
  }
  return lines.join('\n') + '\n';
}
