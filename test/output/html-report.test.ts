/**
 * Issue 18, the HTML report: `scan --format html` writes one self-contained file; headless Chromium (Debian's
 * `chromium`) renders it, a screenshot is taken, and the rendered DOM holds every finding of the run, the reuse graph
 * and the timeline; a certificate name made of markup stays text (no element from it, its handler never runs), and the
 * file asks for nothing over the network.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, ndjson } from '../helpers/run-cli';
import { CORPUS_DIR } from '../helpers/corpus';
import { makeWorkDir } from '../helpers/x509-openssl';
import { makeCert, leafExtensions } from '../helpers/detect-certs';
import { servedCapture } from '../helpers/served-capture';

const CHROMIUM = '/usr/bin/chromium';
const HOSTILE_CN = '<img src=x onerror="document.body.dataset.pwned=1"><script>document.title="pwned"</script>';

function chromium(userDir: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(CHROMIUM, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--no-first-run', `--user-data-dir=${userDir}`, ...args,
  ], { encoding: 'utf8', timeout: 90000, maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('HTML report', () => {
  let dir: string;
  let report: string;
  let findings: Array<Record<string, any>>;
  let dom: string;

  beforeAll(() => {
    dir = makeWorkDir();
    const hostile = makeCert({ subject: [['CN', HOSTILE_CN]], notBefore: '2025-12-31T00:00:00Z', notAfter: '2036-01-01T00:00:00Z', extensions: leafExtensions(['x.example']) });
    const pcap = join(dir, 'hostile.pcap');
    writeFileSync(pcap, servedCapture([{ chain: [hostile.der], sni: 'x.example' }, { chain: [hostile.der], sni: 'y.example', server: { ip: '198.51.100.8', port: 443 } }]));
    const inputs = ['captures', pcap, join(CORPUS_DIR, 'pcap')];
    report = join(dir, 'report.html');
    const r = runCli(['scan', '--no-baseline', '-f', 'html', '-o', report, ...inputs]);
    expect([0, 1]).toContain(r.status);
    findings = ndjson(runCli(['scan', '--no-baseline', '-f', 'ndjson', '--no-connections', ...inputs]).stdout);
    expect(existsSync(CHROMIUM)).toBe(true);
    const rendered = chromium(join(dir, 'profile-dom'), ['--virtual-time-budget=3000', '--dump-dom', `file://${report}`]);
    expect(rendered.status).toBe(0);
    dom = rendered.stdout;
  }, 120000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('renders every finding, by severity, with its reasons', () => {
    expect(findings.length).toBeGreaterThan(20);
    const articles = [...dom.matchAll(/<article class="finding sev-(\w+)"[^>]*data-sha256="([0-9a-f]{64})"/g)];
    expect(new Set(articles.map((m) => m[2]))).toEqual(new Set(findings.map((f) => f.certhound.x509.sha256.toLowerCase())));
    const order = articles.map((m) => ['critical', 'high', 'medium', 'low', 'info'].indexOf(m[1]));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // as the DOM serializes text: & < > escaped
    for (const f of findings) for (const s of f.certhound.signals) expect(dom).toContain(s.reason.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
  });

  it('draws the reuse graph and the timeline', () => {
    expect(dom).toMatch(/<section id="summary">/);
    expect(dom).toMatch(/<section id="reuse">[\s\S]*<svg[^>]*aria-label="certificate to server graph"[\s\S]*<line /);
    expect(dom).toMatch(/<section id="timeline">[\s\S]*<svg[^>]*aria-label="timeline"[\s\S]*<rect /);
    // the hostile certificate was presented by two servers: two edges from it
    expect((dom.match(/<title>&lt;img src=x[^<]* on 198\.51\.100\.[78]:443<\/title>/g) ?? []).length).toBe(2);
  });

  it('keeps a hostile name as text: no element, no handler run, no script run', () => {
    expect(dom).not.toContain('data-pwned');
    expect(dom).not.toMatch(/<title>pwned<\/title>/);
    expect(dom).not.toMatch(/<img /);
    expect(dom).toContain('&lt;img src=x onerror=');
  });

  it('asks for nothing over the network', () => {
    const html = readFileSync(report, 'utf8');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/\bsrc=["']?https?:/i);
  });

  it('takes a screenshot', () => {
    const png = join(dir, 'report.png');
    const shot = chromium(join(dir, 'profile-shot'), ['--window-size=1280,2400', '--hide-scrollbars', `--screenshot=${png}`, `file://${report}`]);
    expect(shot.status).toBe(0);
    expect(readFileSync(png).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(statSync(png).size).toBeGreaterThan(20000);
  }, 120000);
});
