/** Where the shared conformance corpus is: CERTHOUND_CORPUS, else ../shared/corpus beside the clone (as CI lays it). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CORPUS_DIR = process.env.CERTHOUND_CORPUS ?? join(__dirname, '..', '..', '..', 'shared', 'corpus');

/** The shared reference folder the corpus sits in (ECS, Community ID vectors, STIX schemas beside it). */
export const SHARED_DIR = join(CORPUS_DIR, '..');

/** The oracle's schema (../shared/corpus/README.md, "expected.json schema"), the fields the tests read. */
export interface ExpectedCert {
  sha256: string;
  sha1: string;
  der_parse_ok: boolean;
}

export interface ExpectedChain {
  role: 'server' | 'client';
  server: string;
  client: string;
  sni: string | null;
  protocol: string;
  chain: ExpectedCert[];
}

export interface ExpectedFile {
  tls_versions: string[];
  tls13_connections_without_visible_cert: number;
  other_connections_without_visible_server_cert: number;
  unique_server_cert_sha256: string[];
  unique_client_cert_sha256: string[];
  certificates: ExpectedChain[];
}

/** expected.json by capture file name; empty when the corpus is not there. */
export function loadExpected(): Record<string, ExpectedFile> {
  const file = join(CORPUS_DIR, 'expected.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, ExpectedFile>) : {};
}
