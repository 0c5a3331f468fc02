/**
 * Runs the real Suricata (7, /usr/bin/suricata; CI installs it from bookworm-backports) over captures, as a test
 * reference for the eve stage: `suricata -r` per capture, with a generated suricata.yaml whose three EVE outputs
 * are tls with `custom: [..., chain]`, tls without `chain` (the leaf's fields only), and alerts with their tls
 * metadata from one rule that fires on every certificate.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
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

/** Runs one capture through its own Suricata, as `suricata -r` does, into `where`. */
function runOne(configPath: string, capture: string, where: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const engine: ChildProcess = spawn(SURICATA, ['-c', configPath, '-k', 'none', '-r', capture, '-l', where], { stdio: 'ignore' });
    engine.once('error', reject);
    engine.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`suricata exited ${code} on ${capture}`))));
  });
}

/**
 * Runs every capture through Suricata, one process per capture (about 0.1 s each with this configuration), two at
 * a time; EVE files per capture name. Not one engine in unix-socket mode: there, the flow manager could time a
 * capture's flows out on the clock of the capture before it (later timestamps), and under load a handshake then
 * went unlogged now and again.
 */
export async function suricataEve(captures: string[]): Promise<Map<string, EveOutputs>> {
  const dir = mkdtempSync(join(tmpdir(), 'certhound-suricata-'));
  const configPath = config(dir);
  const out = new Map<string, EveOutputs>();
  const queue = [...captures];
  const lane = async (): Promise<void> => {
    for (let capture = queue.shift(); capture !== undefined; capture = queue.shift()) {
      const where = join(dir, basename(capture));
      mkdirSync(where);
      await runOne(configPath, capture, where);
      out.set(basename(capture), { withChain: join(where, 'eve-chain.json'), fieldsOnly: join(where, 'eve-fields.json'), alerts: join(where, 'eve-alerts.json') });
    }
  };
  await Promise.all([lane(), lane()]);
  return out;
}
