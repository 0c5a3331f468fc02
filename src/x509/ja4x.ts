/**
 * FoxIO JA4X (FoxIO License 1.1): `hash(issuer attribute OIDs)_hash(subject attribute OIDs)_hash(extension OIDs)`,
 * each OID as the lower-case hex of its DER content octets, in certificate order, joined with `,`; hash = first 12
 * hex characters of SHA-256, or `000000000000` for an empty list (FoxIO-LLC/ja4 rust/ja4x/src/lib.rs `hash12`).
 */
import { createHash } from 'node:crypto';
import { certLayout, type CertLayout } from './cert-layout';
import { childrenOf, hexOf, TAG, type Tlv } from './der';

const EMPTY_HASH = '000000000000';

function hash12(raw: string): string {
  return raw === '' ? EMPTY_HASH : createHash('sha256').update(raw).digest('hex').slice(0, 12);
}

function nameOids(der: Uint8Array, name: Tlv | undefined): string {
  const out: string[] = [];
  if (!name) return '';
  for (const rdn of childrenOf(der, name)) {
    if (rdn.tag !== TAG.SET) continue;
    for (const atv of childrenOf(der, rdn)) {
      const [type] = childrenOf(der, atv);
      if (type?.tag === TAG.OID) out.push(hexOf(der, type.contentStart, type.end));
    }
  }
  return out.join(',');
}

function extensionOids(der: Uint8Array, extensions: readonly Tlv[]): string {
  const out: string[] = [];
  for (const ext of extensions) {
    const [type] = childrenOf(der, ext);
    if (type?.tag === TAG.OID) out.push(hexOf(der, type.contentStart, type.end));
  }
  return out.join(',');
}

/** The unhashed JA4X (`ja4x_r`): the three comma-joined OID lists joined with `_`. */
export function ja4xRaw(der: Uint8Array, layout: CertLayout = certLayout(der)): string {
  return [nameOids(der, layout.issuer), nameOids(der, layout.subject), extensionOids(der, layout.extensions)].join('_');
}

/** JA4X of a DER certificate; pass the layout when it is already at hand to avoid a second walk. */
export function ja4x(der: Uint8Array, layout: CertLayout = certLayout(der)): string {
  return ja4xRaw(der, layout).split('_').map(hash12).join('_');
}
