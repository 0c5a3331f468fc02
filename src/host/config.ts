/**
 * Tuning of host detections: the false-positive cases the seed lists (ACME renewal agents, local development,
 * corporate CA deployment) plus Windows' automatic root update. A match sets `suppressed` with a reason; the
 * detection stays in the output. The CLI loads a file into this shape; anything left out keeps its default.
 */

export interface HostConfig {
  /** Parent executables (file names, case-insensitive) of ACME renewal agents: win-acme, Certify The Web. */
  readonly acmeParentImages: readonly string[];
  /** Words in the command line or parent command line that mark an ACME client run (Posh-ACME cmdlets). */
  readonly acmeCommandLineWords: readonly string[];
  /** Names a developer certificate is made for; `*.x` matches any name under x. IPs compare as written. */
  readonly localDevNames: readonly string[];
  /** SHA-1 thumbprints (hex, any case, `:`/spaces allowed) of the organisation's own CA certificates. */
  readonly corporateThumbprints: readonly string[];
  /** Subjects or common names (case-insensitive substrings) of the organisation's own CA certificates. */
  readonly corporateSubjects: readonly string[];
  /** Hosts (case-insensitive; a short name matches its FQDN) from which admins deploy certificates. */
  readonly corporateAdminHosts: readonly string[];
  /** Executables (file names) whose writes to the AuthRoot store are Windows' automatic root update. */
  readonly rootAutoUpdateImages: readonly string[];
  /** Registry stores whose certificate writes are reported (case-insensitive). */
  readonly registryStores: readonly string[];
  /** Brands whose name in a subject or DNS name reads as impersonation (whole words, case-insensitive). */
  readonly impersonatedBrands: readonly string[];
}

export const DEFAULT_HOST_CONFIG: HostConfig = {
  acmeParentImages: ['wacs.exe', 'letsencrypt.exe', 'certify.service.exe', 'certify.exe', 'certifytheweb.exe'],
  acmeCommandLineWords: ['posh-acme', 'submit-renewal', 'new-pacertificate', 'set-paserver'],
  localDevNames: ['localhost', '*.localhost', '127.0.0.1', '::1', 'host.docker.internal'],
  corporateThumbprints: [],
  corporateSubjects: [],
  corporateAdminHosts: [],
  rootAutoUpdateImages: ['svchost.exe'],
  registryStores: ['Root', 'AuthRoot', 'CA', 'TrustedPublisher', 'TrustedPeople'],
  impersonatedBrands: [
    'microsoft', 'windows', 'azure', 'google', 'gmail', 'amazon', 'aws', 'apple', 'icloud', 'facebook', 'meta',
    'digicert', "let's encrypt", 'letsencrypt', 'isrg', 'globalsign', 'sectigo', 'comodo', 'verisign', 'symantec',
    'entrust', 'godaddy', 'baltimore', 'cloudflare', 'akamai', 'github', 'okta', 'zscaler', 'cisco', 'paypal',
  ],
};

const LIST_KEYS = Object.keys(DEFAULT_HOST_CONFIG) as Array<keyof HostConfig>;

/**
 * A HostConfig from a parsed config file section: each known key must be a list of strings and replaces the
 * default; anything else is reported in `problems` and the default kept.
 */
export function hostConfigFrom(section: unknown): { config: HostConfig; problems: string[] } {
  const problems: string[] = [];
  const config: Record<string, readonly string[]> = { ...DEFAULT_HOST_CONFIG };
  if (section === undefined || section === null) return { config: DEFAULT_HOST_CONFIG, problems };
  if (typeof section !== 'object' || Array.isArray(section)) {
    return { config: DEFAULT_HOST_CONFIG, problems: ['host config: expected an object'] };
  }
  for (const [key, value] of Object.entries(section)) {
    if (!(LIST_KEYS as string[]).includes(key)) problems.push(`host config: unknown key ${key}`);
    else if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) problems.push(`host config: ${key} must be a list of strings`);
    else config[key] = value as string[];
  }
  return { config: config as unknown as HostConfig, problems };
}
