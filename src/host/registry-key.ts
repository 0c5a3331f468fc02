/**
 * Certificate-store registry keys: `…\SystemCertificates\<store>\Certificates\<SHA-1 thumbprint>[\Blob]`
 * (machine, user, Group Policy `…\Policies\Microsoft\SystemCertificates\…`) and `…\EnterpriseCertificates\…`
 * (Sigma d2125259, registry_set_install_root_or_ca_certificat.yml).
 */

const CERT_STORE_KEY = /\\(?:SystemCertificates|EnterpriseCertificates)\\([^\\]+)\\Certificates\\([0-9a-f]{40})(?:\\|$)/i;

export interface CertStoreKey {
  /** Store name as written (`Root`, `AuthRoot`, `CA`, `My`, …). */
  store: string;
  /** Lower-case hex SHA-1. */
  thumbprint: string;
}

export function parseCertStoreKey(key: string): CertStoreKey | undefined {
  const m = CERT_STORE_KEY.exec(key);
  return m ? { store: m[1], thumbprint: m[2].toLowerCase() } : undefined;
}
