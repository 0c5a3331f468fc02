/**
 * Private trust anchors as the user names them (`--trust-roots`, `trust.roots` in the config), like Zeek's
 * `SSL::root_certs`: a PEM bundle or DER file, a folder of them (`/etc/pki/ca-trust/source/anchors`, a kubeadm
 * `pki/` folder), or `system` for the operating system's store (public roots there are Mozilla's already and add
 * nothing; a corporate root added to it becomes a private anchor).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../capture';
import { toInputError } from '../capture/errors';
import type { PrivateAnchorInput } from '../x509';
import { certificatesIn } from './certificate-file';
import { readBoundedFile } from './bounded-file';

/** Where distributions keep the system bundle, most common first (Debian/Ubuntu, RHEL/Fedora, SUSE, Alpine/macOS). */
export const SYSTEM_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/ssl/cert.pem',
];
/** Files read from one folder; a trust folder holds tens, a mistaken `/` would hold millions. */
export const MAX_FILES_PER_FOLDER = 10_000;
/** Largest file read as a bundle (the system bundle is about 200 KiB). */
export const MAX_BUNDLE_BYTES = 16 * 1024 * 1024;

function readBundle(file: string, required: boolean): PrivateAnchorInput[] {
  const ders = certificatesIn(readBoundedFile(file, MAX_BUNDLE_BYTES, 'a certificate bundle'));
  if (ders.length === 0 && required) throw new InputError(file, 'no certificate (neither PEM nor DER)');
  return ders.map((der) => ({ der, source: file }));
}

function readFolder(dir: string): PrivateAnchorInput[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (err) {
    throw toInputError(dir, err);
  }
  if (names.length > MAX_FILES_PER_FOLDER) throw new InputError(dir, `more than ${MAX_FILES_PER_FOLDER} files: not a folder of trust anchors`);
  const out: PrivateAnchorInput[] = [];
  for (const name of names) {
    const file = join(dir, name);
    let isFile = false;
    try {
      isFile = statSync(file).isFile();
    } catch {
      continue; // a dangling link in a certificate folder is common (c_rehash); it holds nothing
    }
    // Keys, CSRs and READMEs sit beside certificates in such folders: files without a certificate are skipped.
    if (isFile) out.push(...readBundle(file, false));
  }
  if (out.length === 0) throw new InputError(dir, 'no certificate in this folder');
  return out;
}

function readSystem(): PrivateAnchorInput[] {
  for (const file of SYSTEM_BUNDLES) {
    try {
      if (statSync(file).isFile()) return readBundle(file, true).map((a) => ({ ...a, source: `system (${file})` }));
    } catch {
      // not this distribution's path
    }
  }
  throw new InputError('system', `no system certificate bundle found (looked in ${SYSTEM_BUNDLES.join(', ')})`);
}

/** Every anchor the specs name, in order. Throws `InputError` naming the file on anything unreadable. */
export function loadTrustRoots(specs: readonly string[]): PrivateAnchorInput[] {
  const out: PrivateAnchorInput[] = [];
  for (const spec of specs) {
    if (spec === 'system') {
      out.push(...readSystem());
      continue;
    }
    let folder: boolean;
    try {
      folder = statSync(spec).isDirectory();
    } catch (err) {
      throw toInputError(spec, err);
    }
    out.push(...(folder ? readFolder(spec) : readBundle(spec, true)));
  }
  return out;
}
