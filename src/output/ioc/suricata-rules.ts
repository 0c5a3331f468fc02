/**
 * Suricata 7 rules for exported certificates, and a dataset of their SHA-256s. One rule per certificate matches it
 * anywhere in a presented chain (`tls.certs; to_sha256;`, so CA certificates too), with a SID stable across runs
 * (from the SHA-256, in the local range 1000000–1999999); one more rule looks every chain certificate up in the
 * dataset, so a SOC can grow the list without new rules. Load with `rule-files` and keep the `.lst` beside the rules.
 */
import type { Finding } from '../../detect/types';
import { describe } from './indicators';

export const DATASET_NAME = 'certhound-sha256';
export const DATASET_FILE = `${DATASET_NAME}.lst`;
const SID_BASE = 1_000_000;
const SID_SPAN = 900_000;
export const DATASET_SID = 1_999_587;

export interface SuricataExport {
  rules: string;
  /** One lower-case SHA-256 per line (a `type sha256` dataset). */
  dataset: string;
}

/** Text a rule's `msg` takes: printable ASCII, with `;`, `"` and `\` escaped. */
function msgText(text: string): string {
  return text.replace(/\u2014/g, '-').replace(/[^\x20-\x7e]/g, '?').replace(/[\\;"]/g, (c) => `\\${c}`).slice(0, 200);
}

/** The SHA-256 as a content match: `|aa bb …|`. */
function hexContent(sha256: string): string {
  return `|${sha256.toLowerCase().match(/../g)?.join(' ') ?? ''}|`;
}

export function suricataRules(findings: readonly Finding[]): SuricataExport {
  const used = new Set<number>([DATASET_SID]);
  const rules = [
    '# certhound: attacker-made TLS certificates (ATT&CK T1587.003)',
    `alert tls any any -> any any (msg:"certhound certificate in dataset ${DATASET_NAME}"; flow:established; tls.certs; to_sha256; dataset:isset,${DATASET_NAME},type sha256,load ${DATASET_FILE}; classtype:trojan-activity; sid:${DATASET_SID}; rev:1;)`,
  ];
  const sorted = [...findings].sort((a, b) => a.sha256.localeCompare(b.sha256));
  for (const f of sorted) {
    let sid = SID_BASE + (parseInt(f.sha256.slice(0, 8), 16) % SID_SPAN);
    while (used.has(sid)) sid = SID_BASE + ((sid - SID_BASE + 1) % SID_SPAN);
    used.add(sid);
    const position = f.position > 0 ? 'CA certificate' : 'certificate';
    rules.push(`alert tls any any -> any any (msg:"${msgText(`certhound ${f.severity} ${position}: ${describe(f, 1).replace(/^certhound \w+ \d+: /, '')}`)}"; `
      + `flow:established; tls.certs; to_sha256; content:"${hexContent(f.sha256)}"; classtype:${f.severity === 'critical' || f.severity === 'high' ? 'trojan-activity' : 'bad-unknown'}; `
      + `reference:url,attack.mitre.org/techniques/T1587/003/; metadata:certhound_sha256 ${f.sha256.toLowerCase()}, certhound_severity ${f.severity}; sid:${sid}; rev:1;)`);
  }
  return { rules: rules.join('\n') + '\n', dataset: sorted.map((f) => f.sha256.toLowerCase()).join('\n') + (sorted.length > 0 ? '\n' : '') };
}
