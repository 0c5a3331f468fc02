/**
 * The Zeek bench's logs, made by code outside the repo: an x509.log with one line per certificate (Zeek logs a
 * certificate once a day) and an ssl.log of `lines` connections in Zeek 7's default columns, TLS 1.2 with chains
 * and TLS 1.3 without, naming a few thousand certificates. As Zeek's ASCII writer writes them (TSV), or as its
 * JSON writer does (`LogAscii::use_json=T`: dotted keys, unset fields left out, epoch times as numbers).
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { tsvToJson } from '../test/helpers/zeek-logs';

export interface ZeekBenchTruth {
  sslLines: number;
  x509Lines: number;
  withChains: number;
  distinctCertificates: number;
}

const LEAVES = 3000;
const CAS = 20;
const T0 = 1_764_000_000;
const SSL_FIELDS = ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'version', 'cipher', 'curve', 'server_name', 'resumed',
  'last_alert', 'next_protocol', 'established', 'ssl_history', 'cert_chain_fps', 'client_cert_chain_fps', 'sni_matches_cert'];
const SSL_TYPES = ['time', 'string', 'addr', 'port', 'addr', 'port', 'string', 'string', 'string', 'string', 'bool', 'string', 'string', 'bool',
  'string', 'vector[string]', 'vector[string]', 'bool'];
const X509_FIELDS = ['ts', 'fingerprint', 'certificate.version', 'certificate.serial', 'certificate.subject', 'certificate.issuer',
  'certificate.not_valid_before', 'certificate.not_valid_after', 'certificate.key_alg', 'certificate.sig_alg', 'certificate.key_type',
  'certificate.key_length', 'certificate.exponent', 'certificate.curve', 'san.dns', 'san.uri', 'san.email', 'san.ip',
  'basic_constraints.ca', 'basic_constraints.path_len', 'host_cert', 'client_cert'];
const X509_TYPES = ['time', 'string', 'count', 'string', 'string', 'string', 'time', 'time', 'string', 'string', 'string', 'count', 'string',
  'string', 'vector[string]', 'vector[string]', 'vector[string]', 'vector[addr]', 'bool', 'count', 'bool', 'bool'];

export type ZeekBenchFormat = 'tsv' | 'json';

/** One log's lines in one format, from the TSV text of their values (JSON through the tests' own converter). */
class LogWriter {
  private readonly fd: number;
  /** The header the JSON converter reads its column names and types from. */
  private readonly columns: string;

  constructor(path: string, private readonly format: ZeekBenchFormat, logPath: string, fields: string[], types: string[]) {
    this.fd = openSync(path, 'w');
    this.columns = `#fields\t${fields.join('\t')}\n#types\t${types.join('\t')}\n`;
    if (format === 'tsv') writeSync(this.fd, header(logPath, fields, types));
  }

  /** Several lines, each given as its TSV columns. */
  write(rows: string[][]): void {
    const tsv = rows.map((r) => r.join('\t')).join('\n') + '\n';
    writeSync(this.fd, this.format === 'tsv' ? tsv : tsvToJson(this.columns + tsv));
  }

  close(): void {
    closeSync(this.fd);
  }
}

function header(path: string, fields: string[], types: string[]): string {
  return ['#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', `#path\t${path}`, '#open\t2025-11-24-16-00-00',
    `#fields\t${fields.join('\t')}`, `#types\t${types.join('\t')}`].join('\n') + '\n';
}

const fp = (what: string): string => createHash('sha256').update(what).digest('hex');

/** Writes the pair; deterministic (same files for the same `lines`). */
export function generateZeekLogs(sslPath: string, x509Path: string, lines: number, format: ZeekBenchFormat = 'tsv'): ZeekBenchTruth {
  const ca = Array.from({ length: CAS }, (_, i) => fp(`ca${i}`));
  const leaf = Array.from({ length: LEAVES }, (_, i) => fp(`leaf${i}`));
  const x509 = new LogWriter(x509Path, format, 'x509', X509_FIELDS, X509_TYPES);
  for (let i = 0; i < CAS; i++) {
    x509.write([[`${T0}.000000`, ca[i], '3', `0A${i}`, `CN=Bench Issuing CA ${i},O=certhound bench`, 'CN=Bench Root,O=certhound bench', `${T0 - 1e8}.000000`, `${T0 + 2e8}.000000`,
      'rsaEncryption', 'sha256WithRSAEncryption', 'rsa', '2048', '65537', '-', '-', '-', '-', '-', 'T', '0', 'F', 'F']]);
  }
  for (let i = 0; i < LEAVES; i++) {
    x509.write([[`${T0}.000000`, leaf[i], '3', `1${i.toString(16)}`, `CN=host${i}.bench.example`, `CN=Bench Issuing CA ${i % CAS},O=certhound bench`, `${T0 - 4e6}.000000`, `${T0 + 2e7}.000000`,
      'id-ecPublicKey', 'ecdsa-with-SHA256', 'ecdsa', '256', '-', 'prime256v1', `host${i}.bench.example`, '-', '-', '-', 'F', '-', 'T', 'F']]);
  }
  x509.close();
  const out = new LogWriter(sslPath, format, 'ssl', SSL_FIELDS, SSL_TYPES);
  let withChains = 0;
  let batch: string[][] = [];
  for (let n = 0; n < lines; n++) {
    const l = (n * 7919) % LEAVES; // 7919 is prime to LEAVES: every leaf in turn, servers interleaved
    const tls13 = Math.floor(n / 7) % 10 < 3; // not tied to the leaf: every leaf is sent with its chain
    const ts = (T0 + n * 0.01).toFixed(6);
    const uid = `C${n.toString(36).padStart(17, 'x')}`;
    const client = `10.${(n >> 16) & 0xff}.${(n >> 8) & 0xff}.${n & 0xff}`;
    const server = `192.0.${(l >> 8) & 0xff}.${l & 0xff}`;
    const chain = tls13 ? '(empty)' : `${leaf[l]},${ca[l % CAS]}`;
    if (!tls13) withChains++;
    batch.push([ts, uid, client, String(1024 + (n % 60000)), server, '443', tls13 ? 'TLSv13' : 'TLSv12',
      tls13 ? 'TLS_AES_128_GCM_SHA256' : 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'x25519', `host${l}.bench.example`, 'F', '-', 'h2', 'T',
      tls13 ? 'CsiI' : 'CsxknGIti', chain, '(empty)', tls13 ? '-' : 'T']);
    if (batch.length === 10000) {
      out.write(batch);
      batch = [];
    }
  }
  if (batch.length > 0) out.write(batch);
  out.close();
  return { sslLines: lines, x509Lines: CAS + LEAVES, withChains, distinctCertificates: CAS + LEAVES };
}
