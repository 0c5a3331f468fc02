/** ECS `tls.version` / `tls.version_protocol` from a wire version number. */
import { TLS13_EXPERIMENT_VERSIONS } from '../tls/consts';

export interface EcsTlsVersion {
  version: string;
  protocol: 'ssl' | 'tls' | 'dtls';
}

export function ecsTlsVersion(v: number | undefined): EcsTlsVersion | undefined {
  if (v === undefined) return undefined;
  if (v === 0x0002) return { version: '2.0', protocol: 'ssl' };
  if (v === 0x0300) return { version: '3.0', protocol: 'ssl' };
  if (v >= 0x0301 && v <= 0x0304) return { version: `1.${v - 0x0301}`, protocol: 'tls' };
  if ((v & 0xff00) === 0x7f00) return { version: `1.3-draft${v & 0xff}`, protocol: 'tls' };
  if (TLS13_EXPERIMENT_VERSIONS.includes(v)) return { version: `1.3-experiment${v & 0xff}`, protocol: 'tls' };
  if (v === 0xfeff || v === 0x0100) return { version: '1.0', protocol: 'dtls' };
  if (v === 0xfefd) return { version: '1.2', protocol: 'dtls' };
  if (v === 0xfefc) return { version: '1.3', protocol: 'dtls' };
  return undefined;
}
