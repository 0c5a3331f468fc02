/**
 * (e) continued: every prefix of every text sample in /work/shared/corpus/host/ (an input cut anywhere), and
 * command lines made of quoting characters from a fixed-seed generator, never throw; anomalies carry file and line.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_HOST_CONFIG, detectHost, extractCommandLineNames, readHostEvents, tokenizeCommandLine, type HostAnomaly } from '../../src/host';
import { CORPUS_DIR } from '../helpers/corpus';

const DIR = `${CORPUS_DIR}/host`;
const TEXT_SAMPLES = readdirSync(DIR).filter((f) => /\.(json|ndjson|xml|log)$/.test(f));

describe('inputs cut anywhere', () => {
  for (const file of TEXT_SAMPLES) {
    it(`${file}: every 7th prefix reads without throwing`, async () => {
      const text = readFileSync(join(DIR, file), 'utf8');
      const lines = text.split('\n').length;
      for (let cut = 1; cut < text.length; cut += 7) {
        const anomalies: HostAnomaly[] = [];
        for await (const ev of readHostEvents(file, text.slice(0, cut), (a) => anomalies.push(a))) detectHost(ev, DEFAULT_HOST_CONFIG);
        for (const a of anomalies) {
          expect(a.file).toBe(file);
          expect(a.line).toBeGreaterThanOrEqual(1);
          expect(a.line).toBeLessThanOrEqual(lines);
        }
      }
    });
  }
});

describe('command lines of quoting characters', () => {
  it('2000 generated command lines: tokenisers and extraction never throw and keep no quote state across calls', () => {
    let seed = 0x5eed;
    const next = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    const alphabet = ['"', "'", '\\', ' ', '\t', '\n', '-', '/', 'a', 'CN=', '-subj', '-addstore', 'root', '`', '$', '@(', ')', ',', ';', '{', '}', '&#', '=', ':'];
    const tools = ['openssl', 'certutil.exe', 'powershell.exe', 'certmgr', 'makecert', 'pvk2pfx', 'keytool', 'security', 'trust', 'mkcert', 'pwsh'];
    for (let i = 0; i < 2000; i++) {
      let cmd = tools[next() % tools.length];
      for (let k = next() % 40; k > 0; k--) cmd += alphabet[next() % alphabet.length];
      tokenizeCommandLine(cmd, 'windows');
      tokenizeCommandLine(cmd, 'posix');
      extractCommandLineNames(cmd);
      detectHost({ time: 0, kind: 'process', image: cmd.split(/[ "]/)[0], commandLine: cmd, source: { file: 'gen', format: 'cse-json' } }, DEFAULT_HOST_CONFIG);
    }
    expect(tokenizeCommandLine('prog a b', 'windows')).toEqual(['prog', 'a', 'b']);
  });
});
