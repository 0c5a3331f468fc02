/**
 * Test fixtures for the x509 stage: certificates made by the `openssl` CLI with fixed dates (`openssl ca
 * -startdate/-enddate`), RSA or EC keys, and whatever extensions a test asks for.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface MadeCert {
  readonly der: Buffer;
  readonly certPath: string;
  readonly keyPath: string;
}

export interface CertSpec {
  /** `rsa:2048`, `rsa:1024`, `ec:P-256`, `ec:P-384`. */
  readonly key: string;
  /** openssl `-subj` form: `/C=US/O=Example/CN=example.test`. */
  readonly subject: string;
  /** Issuer; self-signed when absent. */
  readonly issuer?: MadeCert;
  /** `YYYYMMDDHHMMSSZ`. */
  readonly startDate: string;
  readonly endDate: string;
  /** Hex serial. */
  readonly serial: string;
  /** Lines of an openssl extension section (`basicConstraints = critical,CA:TRUE` …). */
  readonly extensions: string[];
  /** Reuse this key instead of making one (a cross-signed or forged twin). */
  readonly keyPath?: string;
}

export function makeWorkDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'certhound-x509-'));
}

function run(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

let counter = 0;

/** Makes one certificate in `dir` with `openssl ca`, so validity dates are exact. */
export function makeCert(dir: string, spec: CertSpec): MadeCert {
  const id = `c${++counter}`;
  const keyPath = spec.keyPath ?? path.join(dir, `${id}.key`);
  if (!spec.keyPath) {
    const [kind, size] = spec.key.split(':');
    if (kind === 'rsa') run(['genpkey', '-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${size}`, '-out', keyPath], dir);
    else run(['genpkey', '-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${size}`, '-out', keyPath], dir);
  }
  const caDir = path.join(dir, `${id}-ca`);
  fs.mkdirSync(caDir);
  fs.writeFileSync(path.join(caDir, 'index.txt'), '');
  fs.writeFileSync(path.join(caDir, 'serial'), spec.serial + '\n');
  const cfg = path.join(caDir, 'ca.cnf');
  fs.writeFileSync(cfg, [
    '[ca]', 'default_ca = d', '[d]', `database = ${caDir}/index.txt`, `new_certs_dir = ${caDir}`,
    `serial = ${caDir}/serial`, 'default_md = sha256', 'policy = p', 'unique_subject = no', 'email_in_dn = yes',
    '[p]', 'commonName = optional', '[req]', 'distinguished_name = dn', '[dn]', '[v3]', ...spec.extensions, '',
  ].join('\n'));
  const csr = path.join(caDir, 'req.csr');
  run(['req', '-new', '-key', keyPath, '-subj', spec.subject, '-config', cfg, '-out', csr], dir);
  const certPath = path.join(dir, `${id}.pem`);
  const signer = spec.issuer ? ['-cert', spec.issuer.certPath, '-keyfile', spec.issuer.keyPath] : ['-selfsign', '-keyfile', keyPath];
  run(['ca', '-batch', '-config', cfg, ...signer, '-in', csr, '-out', certPath, '-startdate', spec.startDate,
    '-enddate', spec.endDate, '-extensions', 'v3', '-notext', '-preserveDN'], dir);
  const der = execFileSync('openssl', ['x509', '-in', certPath, '-outform', 'DER']);
  return { der, certPath, keyPath };
}

/** PEM file to DER. */
export function pemToDer(pem: string): Buffer {
  const b64 = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  return Buffer.from(b64, 'base64');
}
