/**
 * Runs the real Suricata (7, /usr/bin/suricata; CI installs it from bookworm-backports) over captures, as a test
 * reference for the eve stage: one engine in unix-socket mode (loaded once; each capture then runs on its own
 * with a fresh flow table, as `suricata -r` per file does, at a fraction of the cost), with a generated
 * suricata.yaml whose three EVE outputs are tls with `custom: [..., chain]`, tls without `chain` (the leaf's
 * fields only), and alerts with their tls metadata from one rule that fires on every certificate.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

export const SURICATA = process.env.CERTHOUND_SURICATA ?? '/usr/bin/suricata';

export function suricataPresent(): boolean {
  return existsSync(SURICATA) && spawnSync(SURICATA, ['-V']).status === 0;
}

/** The EVE files of one capture. */
export interface EveOutputs {
  withChain: string;
  fieldsOnly: string;
  alerts: string;
}

const TLS_FIELDS = 'subject, issuer, session_resumed, serial, fingerprint, sni, version, not_before, not_after, ja3, ja3s, ja4, client';

function config(dir: string): string {
  const yaml = `%YAML 1.1
---
default-rule-path: ${dir}
rule-files: [certhound.rules]
outputs:
  - eve-log:
      enabled: yes
      filetype: regular
      filename: eve-chain.json
      types:
        - tls:
            extended: yes
            custom: [${TLS_FIELDS}, chain, client_chain]
  - eve-log:
      enabled: yes
      filetype: regular
      filename: eve-fields.json
      types:
        - tls:
            extended: yes
            custom: [${TLS_FIELDS}]
  - eve-log:
      enabled: yes
      filetype: regular
      filename: eve-alerts.json
      types:
        - alert:
            metadata: yes
stream:
  # captures start mid-connection or hold one direction only; Suricata would then leave their streams alone
  midstream: true
  async-oneside: true
app-layer:
  protocols:
    tls:
      enabled: yes
      detection-ports:
        dp: 443
      ja3-fingerprints: yes
      ja4-fingerprints: yes
logging:
  default-log-level: warning
  outputs:
    - console:
        enabled: yes
`;
  writeFileSync(join(dir, 'suricata.yaml'), yaml);
  writeFileSync(join(dir, 'certhound.rules'), 'alert tls any any -> any any (msg:"certhound test: a server certificate"; tls.cert_fingerprint; pcre:"/^[0-9a-f]{2}:/"; sid:1500001; rev:1;)\n');
  return join(dir, 'suricata.yaml');
}

/** One JSON command and its reply over the engine's socket (the protocol suricatasc speaks). */
class Control {
  private buf = '';
  private waiting: Array<(reply: { return: string; message?: unknown }) => void> = [];

  constructor(private readonly sock: Socket) {
    sock.on('data', (d: Buffer) => {
      this.buf += d.toString();
      for (;;) {
        const end = this.complete();
        if (end < 0) break;
        const text = this.buf.slice(0, end);
        this.buf = this.buf.slice(end);
        if (text.trim()) this.waiting.shift()?.(JSON.parse(text));
      }
    });
  }

  /** End of the first whole JSON object in the buffer (replies are not newline-terminated), or -1. */
  private complete(): number {
    let depth = 0;
    let inString = false;
    for (let i = 0; i < this.buf.length; i++) {
      const c = this.buf[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) return i + 1;
    }
    return -1;
  }

  send(command: Record<string, unknown>): Promise<{ return: string; message?: unknown }> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.sock.write(JSON.stringify(command) + '\n');
    });
  }
}

async function waitFor(path: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!existsSync(path)) {
    if (Date.now() > until) throw new Error(`suricata did not open ${path}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs every capture through one Suricata engine; EVE files per capture name. */
export async function suricataEve(captures: string[]): Promise<Map<string, EveOutputs>> {
  const dir = mkdtempSync(join(tmpdir(), 'certhound-suricata-'));
  const socketPath = join(dir, 'suricata.socket');
  const engine: ChildProcess = spawn(SURICATA, ['-c', config(dir), `--unix-socket=${socketPath}`, '-k', 'none', '-l', dir], { stdio: 'ignore' });
  try {
    await waitFor(socketPath, 30_000);
    const sock = connect(socketPath);
    await new Promise<void>((resolve, reject) => sock.once('connect', resolve).once('error', reject));
    const control = new Control(sock);
    await control.send({ version: '0.2' });
    const out = new Map<string, EveOutputs>();
    for (const capture of captures) {
      const where = join(dir, basename(capture));
      mkdirSync(where);
      await control.send({ command: 'pcap-file', arguments: { filename: capture, 'output-dir': where } });
      out.set(basename(capture), { withChain: join(where, 'eve-chain.json'), fieldsOnly: join(where, 'eve-fields.json'), alerts: join(where, 'eve-alerts.json') });
    }
    for (;;) {
      const queued = await control.send({ command: 'pcap-file-number' });
      const current = await control.send({ command: 'pcap-current' });
      if (queued.message === 0 && (current.message === 'None' || current.message === null || current.message === '')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    sock.end();
    return out;
  } finally {
    engine.kill('SIGTERM');
  }
}
