/** False-positive rules from HostConfig (the seed's own tuning list). A match suppresses, never drops. */
import type { HostConfig } from './config';
import { fileNameOf } from './tool-from-image';
import type { CommandLineNames, HostEvent } from './types';

/** The first rule that explains the event away, or undefined. */
export function suppressionReason(ev: HostEvent, names: CommandLineNames, store: string | undefined, config: HostConfig): string | undefined {
  const corporateThumb = names.thumbprints.find((t) => config.corporateThumbprints.some((c) => normaliseThumbprint(c) === t));
  if (corporateThumb) return `corporate CA deployment: thumbprint ${corporateThumb} is listed`;
  const subjectText = `${names.subject ?? ''}\n${names.commonName ?? ''}`.toLowerCase();
  const corporateSubject = config.corporateSubjects.find((s) => s !== '' && subjectText.includes(s.toLowerCase()));
  if (corporateSubject) return `corporate CA deployment: subject "${corporateSubject}" is listed`;
  if (ev.host && config.corporateAdminHosts.some((h) => sameHost(h, ev.host!))) {
    return `corporate CA deployment: ${ev.host} is a listed admin host`;
  }
  const parent = ev.parentImage ? fileNameOf(ev.parentImage).toLowerCase() : '';
  if (parent && config.acmeParentImages.some((p) => p.toLowerCase() === parent)) {
    return `ACME renewal agent: parent ${parent}`;
  }
  const commandText = `${ev.commandLine ?? ''}\n${ev.parentCommandLine ?? ''}`.toLowerCase();
  const acmeWord = config.acmeCommandLineWords.find((w) => w !== '' && commandText.includes(w.toLowerCase()));
  if (acmeWord) return `ACME renewal agent: command names ${acmeWord}`;
  if (ev.kind === 'registry' && store?.toLowerCase() === 'authroot' && ev.image) {
    const image = fileNameOf(ev.image).toLowerCase();
    if (config.rootAutoUpdateImages.some((i) => i.toLowerCase() === image)) {
      return `Windows automatic root update: ${image} writing AuthRoot`;
    }
  }
  if (isLocalDevelopment(names, config)) return 'local development certificate: names only local hosts';
  return undefined;
}

/** True when the certificate names something and every name is a local development name. */
function isLocalDevelopment(names: CommandLineNames, config: HostConfig): boolean {
  const all = [...names.dnsNames, ...(names.ipAddresses ?? [])];
  if (names.commonName !== undefined) all.push(names.commonName.toLowerCase());
  return all.length > 0 && all.every((n) => config.localDevNames.some((pattern) => nameMatches(pattern.toLowerCase(), n)));
}

function nameMatches(pattern: string, name: string): boolean {
  return pattern.startsWith('*.') ? name.endsWith(pattern.slice(1)) : name === pattern;
}

function normaliseThumbprint(t: string): string {
  return t.replace(/[\s:]/g, '').toLowerCase();
}

/** `ADMIN01` matches `admin01.corp.example`; otherwise equal ignoring case. */
function sameHost(listed: string, host: string): boolean {
  const a = listed.toLowerCase();
  const b = host.toLowerCase();
  return a === b || b.startsWith(`${a}.`) || a.startsWith(`${b}.`);
}
