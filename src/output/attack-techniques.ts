/**
 * MITRE ATT&CK (Enterprise) techniques a certhound signal is evidence of, for ECS `threat.*`. Names, tactics and
 * URLs as attack.mitre.org gives them (https://attack.mitre.org/techniques/<id>/). A signal maps to the technique
 * its evidence shows: a certificate the adversary made (T1587.003), one obtained from a CA (T1588.004), installed on
 * several servers (T1608.003), presented to intercept (T1557), or a command-and-control certificate (T1573.002).
 * Hygiene signals (expiry, key size, missing SAN …) show no technique and map to none.
 */
import type { Finding, Signal } from '../detect/types';

export interface AttackTactic {
  readonly id: string;
  readonly name: string;
}

export interface AttackTechnique {
  /** Sub-technique id (`T1587.003`) or technique id (`T1557`). */
  readonly id: string;
  readonly name: string;
  /** The parent technique, for a sub-technique. */
  readonly parent?: { readonly id: string; readonly name: string };
  readonly tactics: readonly AttackTactic[];
}

const RESOURCE_DEVELOPMENT: AttackTactic = { id: 'TA0042', name: 'Resource Development' };
const CREDENTIAL_ACCESS: AttackTactic = { id: 'TA0006', name: 'Credential Access' };
const COLLECTION: AttackTactic = { id: 'TA0009', name: 'Collection' };
const COMMAND_AND_CONTROL: AttackTactic = { id: 'TA0011', name: 'Command and Control' };

export const TECHNIQUES = {
  developCertificate: {
    id: 'T1587.003', name: 'Digital Certificates', parent: { id: 'T1587', name: 'Develop Capabilities' }, tactics: [RESOURCE_DEVELOPMENT],
  },
  obtainCertificate: {
    id: 'T1588.004', name: 'Digital Certificates', parent: { id: 'T1588', name: 'Obtain Capabilities' }, tactics: [RESOURCE_DEVELOPMENT],
  },
  installCertificate: {
    id: 'T1608.003', name: 'Install Digital Certificate', parent: { id: 'T1608', name: 'Stage Capabilities' }, tactics: [RESOURCE_DEVELOPMENT],
  },
  adversaryInTheMiddle: { id: 'T1557', name: 'Adversary-in-the-Middle', tactics: [CREDENTIAL_ACCESS, COLLECTION] },
  asymmetricChannel: {
    id: 'T1573.002', name: 'Asymmetric Cryptography', parent: { id: 'T1573', name: 'Encrypted Channel' }, tactics: [COMMAND_AND_CONTROL],
  },
} as const satisfies Record<string, AttackTechnique>;

const T = TECHNIQUES;

/** Techniques by detector id; a function when the finding decides (a fresh certificate on a trusted chain was obtained, not made). */
const BY_DETECTOR: Readonly<Record<string, readonly AttackTechnique[] | ((f: Finding, s: Signal) => readonly AttackTechnique[])>> = {
  'self-signed': [T.developCertificate],
  'self-issued-bad-signature': [T.developCertificate],
  'untrusted-chain': [T.developCertificate],
  'empty-issuer': [T.developCertificate],
  'random-looking-name': [T.developCertificate],
  'ip-or-localhost-name': [T.developCertificate],
  backdated: [T.developCertificate],
  'not-yet-valid': [T.developCertificate],
  'reused-key': [T.developCertificate],
  'impersonates-known-ca': [T.developCertificate, T.adversaryInTheMiddle],
  'bad-signature': [T.developCertificate, T.adversaryInTheMiddle],
  // by the kinds of tool the evidence names: an interception proxy or phishing kit sits in the middle; a C2
  // framework or RAT builder's certificate is its command channel's
  'tool-default': (_f, s) => {
    const kinds = Array.isArray(s.evidence.kinds) ? s.evidence.kinds : [];
    return [
      T.developCertificate,
      ...(kinds.some((k) => k === 'interception' || k === 'phishing') ? [T.adversaryInTheMiddle] : []),
      ...(kinds.length === 0 || kinds.some((k) => k === 'c2' || k === 'rat') ? [T.asymmetricChannel] : []),
    ];
  },
  'fresh-certificate': (f) => [f.trust.verdict === 'trusted' ? T.obtainCertificate : T.developCertificate],
  'reused-certificate': [T.installCertificate],
  'reused-across-runs': [T.installCertificate],
  'changed-certificate': [T.adversaryInTheMiddle],
  'known-bad': [T.asymmetricChannel],
};

/**
 * The techniques one signal of a finding is evidence of: none for an `info` signal (it says nothing is wrong); a
 * detector not listed here shows T1587.003 when its class is attack evidence, nothing otherwise.
 */
export function signalTechniques(f: Finding, s: Signal): readonly AttackTechnique[] {
  if (s.severity === 'info') return [];
  const entry = BY_DETECTOR[s.id];
  if (!entry) return s.class === 'attack' ? [T.developCertificate] : [];
  return typeof entry === 'function' ? entry(f, s) : entry;
}

export function attackUrl(id: string): string {
  return `https://attack.mitre.org/${id.startsWith('TA') ? 'tactics' : 'techniques'}/${id.replace('.', '/')}/`;
}
