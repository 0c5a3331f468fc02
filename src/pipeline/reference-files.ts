/** The reference data shipped in `baselines/reference/`, read once per process (I/O stays at the edge). */
import { X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseReferenceData, REFERENCE_FILES } from '../detect/reference/reference-data';
import type { ReferenceData } from '../detect/types';
import { GenuineIssuerKeys } from '../x509/genuine-issuer-keys';
import { TrustStore } from '../x509/trust-store';

export const REFERENCE_DIR = resolve(__dirname, '..', '..', 'baselines', 'reference');

let loaded: ReferenceData | undefined;

/** The genuine CA certificates of `baselines/reference/genuine-cas/` and the trust store's roots, keyed by name. */
function genuineIssuerKeys(): GenuineIssuerKeys {
  const dir = join(REFERENCE_DIR, 'genuine-cas');
  const cas = readdirSync(dir).filter((f) => f.endsWith('.pem')).map((file) => ({ file, der: new X509Certificate(readFileSync(join(dir, file))).raw }));
  return new GenuineIssuerKeys(cas, TrustStore.default());
}

export function shippedReference(): ReferenceData {
  const read = (name: string): unknown => JSON.parse(readFileSync(join(REFERENCE_DIR, name), 'utf8'));
  // The trust store's root names are genuine CA names: never a look-alike of a reference CA.
  loaded ??= parseReferenceData(read(REFERENCE_FILES.brands), read(REFERENCE_FILES.c2Defaults), {
    genuineCaNames: TrustStore.default().anchors.map((a) => a.name),
    nameModel: read(REFERENCE_FILES.nameModel),
    nameFamilies: read(REFERENCE_FILES.nameFamilies),
    issuerKeys: genuineIssuerKeys(),
  });
  return loaded;
}
