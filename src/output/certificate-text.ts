/** `certhound cert` for a terminal: the facts an analyst reads first, then the finding's signals. */
import type { CertFacts } from '../x509/types';
import type { Finding } from '../detect/types';
import { renderFindings } from './finding-blocks';
import { NO_PAINT, type Paint } from './colour';
import { hangingWrap, terminalSafe } from './terminal-text';

function factLines(f: CertFacts, index: number): string[] {
  const key = `${f.publicKey.type}${f.publicKey.bits ? `-${f.publicKey.bits}` : ''}${f.publicKey.curve ? ` ${f.publicKey.curve}` : ''}`;
  const lines = [
    `certificate ${index}${index === 0 ? ' (leaf)' : ''}`,
    `  subject      ${f.subject.rfc4514 || '(empty)'}`,
    `  issuer       ${f.issuer.rfc4514 || '(empty)'}`,
    `  serial       ${f.serial}`,
    `  validity     ${f.notBefore} → ${f.notAfter}`,
    `  key          ${key}${f.publicKey.rsaExponent ? ` e=${f.publicKey.rsaExponent}` : ''}   signature ${f.signatureAlgorithm.name}`,
    `  sha256       ${f.sha256}`,
    `  sha1         ${f.sha1}`,
    `  spki sha256  ${f.spkiSha256}`,
  ];
  const san = [...f.san.dns, ...f.san.ip, ...f.san.email, ...f.san.uri, ...(f.san.other ?? [])];
  if (san.length > 0) lines.push(`  san          ${san.join(', ')}`);
  if (f.basicConstraints) lines.push(`  ca           ${f.basicConstraints.ca}${f.basicConstraints.pathLength !== undefined ? ` pathlen ${f.basicConstraints.pathLength}` : ''}`);
  if (f.extendedKeyUsage.length > 0) lines.push(`  eku          ${f.extendedKeyUsage.join(', ')}`);
  if (f.ja4x) lines.push(`  ja4x         ${f.ja4x}`);
  if (f.selfIssued) lines.push(`  self-issued  signature ${f.selfSignatureValid ? 'verifies' : 'does NOT verify'} under its own key`);
  return lines;
}

/** A fact line wrapped to `width`, continuing under its value. */
function fitted(line: string, width: number): string[] {
  const label = /^( *\S+(?: \S+)? +)/.exec(line)?.[1] ?? '';
  return hangingWrap(label, terminalSafe(line.slice(label.length)), width, Math.min(label.length, 15));
}

export function renderCertificate(chain: CertFacts[], finding: Finding, at: Date, width = 200, paint: Paint = NO_PAINT): string {
  const facts = chain.flatMap((c, i) => [...factLines(c, i).flatMap((l) => fitted(l, width)), '']);
  const trust = hangingWrap('', `trust at ${at.toISOString()}: ${finding.trust.verdict} (${terminalSafe(finding.trust.reason)})`, width, 2);
  return [...facts, ...trust, '', renderFindings([finding], width, paint)].join('\n');
}
