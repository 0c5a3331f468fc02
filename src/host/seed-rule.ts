/**
 * The seed query, Sumo Logic CSE "Detect Digital Certificates" for T1587.003 (seed/000_2c7c55856134038f.txt),
 * evaluated exactly as written: the where-clause's four alternatives, then the nested `if` that names the
 * branch, then `targetsRootStore`. Nothing of certhound's own is added here (see detect-host.ts for that).
 *
 * `matches` reading: by default a regex search anywhere in the string (what the rule's author meant);
 * `sumoStrict` gives the literal Sumo reading, where `matches /re/` must cover the whole string
 * (seed/host-side-notes.md §1). A missing field reads as "" (CSE: `null RLIKE` is false; no alternative of
 * any pattern here matches "", so the outcome is the same).
 */
import type { DetectionBranch, SeedResult } from './types';

/** The query's patterns, verbatim, named after the clause they belong to. */
const SEED_PATTERNS = {
  genToolImage: 'openssl(\\.exe)?|makecert\\.exe|pvk2pfx\\.exe|certmgr\\.exe',
  genToolArgs: 'req -new|x509 -req|genrsa|genpkey|pkcs12 -export|-newkey rsa|-newkey ec|req -x509|-selfsign',
  psImage: 'powershell\\.exe|pwsh\\.exe',
  psArgs:
    'new-selfsignedcertificate|x509certificate2|system\\.security\\.cryptography\\.x509certificates|certificaterequest|rsacryptoserviceprovider|ecdsacng',
  certutilImage: 'certutil\\.exe',
  certutilWhereArgs: '-addstore|-addrepo|-mergepfx|-importpfx|-p12|-importcert',
  branchGenToolImage: 'openssl(\\.exe)?|makecert\\.exe|pvk2pfx\\.exe',
  branchGenToolArgs: 'req -new|x509 -req|genrsa|genpkey|-newkey',
  branchCertutilArgs: '-addstore|-addrepo|-mergepfx|-importpfx|-importcert',
  rootStore: 'authroot|trustedpublisher|trustedpeople',
} as const;

type PatternName = keyof typeof SEED_PATTERNS;
type CompiledPatterns = Record<PatternName, RegExp>;

function compile(strict: boolean): CompiledPatterns {
  const out = {} as CompiledPatterns;
  for (const name of Object.keys(SEED_PATTERNS) as PatternName[]) {
    out[name] = new RegExp(strict ? `^(?:${SEED_PATTERNS[name]})$` : SEED_PATTERNS[name]);
  }
  return out;
}

const SEARCH = compile(false);
const STRICT = compile(true);

/** The two fields the query reads. */
export interface SeedInput {
  baseImage?: string;
  commandLine?: string;
}

/** Evaluates the seed query on one record; null when its where-clause does not pass it. */
export function seedRule(ev: SeedInput, opts?: { sumoStrict?: boolean }): SeedResult | null {
  const p = opts?.sumoStrict ? STRICT : SEARCH;
  const image = (ev.baseImage ?? '').toLowerCase();
  const cmd = (ev.commandLine ?? '').toLowerCase();
  const genTool = p.genToolImage.test(image);
  const genArgs = p.genToolArgs.test(cmd);
  const ps = p.psImage.test(image);
  const certutil = p.certutilImage.test(image);
  const passes =
    (genTool && genArgs) ||
    (ps && p.psArgs.test(cmd)) ||
    (certutil && p.certutilWhereArgs.test(cmd)) ||
    (genTool && !genArgs);
  if (!passes) return null;
  let detectionBranch: DetectionBranch;
  if (p.branchGenToolImage.test(image) && p.branchGenToolArgs.test(cmd)) detectionBranch = 'CertGenToolWithArgs';
  else if (ps) detectionBranch = 'PSCertificateCreation';
  else if (certutil && p.branchCertutilArgs.test(cmd)) detectionBranch = 'CertUtilStoreImport';
  else detectionBranch = 'CertGenToolExecution';
  return { detectionBranch, targetsRootStore: p.rootStore.test(cmd) ? 'true' : 'false' };
}
