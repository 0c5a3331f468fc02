/**
 * The name model of `random-looking-name`: `build` trains the character-bigram table on an English word list
 * (the `word-list` package, dev dependency) into baselines/reference/name-model.json; `measure` reports how often
 * genuine names would read as random (the false-positive rate) and how often tool- and malware-made names do.
 *
 *   npx tsc -p tsconfig.bench.json && node dist-bench/bench/name-model.js measure
 *
 * Genuine names: every attribute value of the subjects of Node's bundled Mozilla roots, of ../shared/corpus/genuine-cas,
 * and the subjects, issuers and SNIs of every certificate of ../shared/corpus/expected.json (public test captures).
 * The families' templates (name-families.json) and the malware entries of c2-defaults.json are also run over the
 * genuine certificates themselves, judged as if off a trusted chain, to count the ones they would put on a family.
 */
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rootCertificates } from 'node:tls';
import { DEFAULT_CONFIG } from '../src/detect/config';
import { evaluateCertificate } from '../src/detect/evaluate-certificate';
import { parseNameModel, randomPart, type NameModel } from '../src/detect/reference/name-model';
import { parseReferenceData, REFERENCE_FILES } from '../src/detect/reference/reference-data';
import { certFacts } from '../src/x509/cert-facts';

/** The project root: the nearest folder above with a package.json (bench/ under ts-jest, dist-bench/bench/ compiled). */
function projectRoot(dir: string): string {
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

const ROOT = projectRoot(__dirname);
const REFERENCE = path.join(ROOT, 'baselines', 'reference');
const MODEL_FILE = path.join(REFERENCE, REFERENCE_FILES.nameModel);
const CORPUS = process.env.CERTHOUND_CORPUS ?? path.join(ROOT, '..', 'shared', 'corpus');
const SMOOTHING = 0.5;

function build(): void {
  const wordsFile = path.join(ROOT, 'node_modules', 'word-list', 'words.txt'); // the package exports no subpaths
  const words = fs.readFileSync(wordsFile, 'utf8').split('\n').filter((w) => /^[a-z]+$/.test(w));
  const counts = Array.from({ length: 27 }, () => new Array<number>(27).fill(0));
  for (const w of words) {
    let prev = 0;
    for (const ch of w) {
      const cur = ch.charCodeAt(0) - 96;
      counts[prev][cur]++;
      prev = cur;
    }
    counts[prev][0]++;
  }
  const logProb = counts.map((row) => {
    const total = row.reduce((a, b) => a + b, 0) + 27 * SMOOTHING;
    return row.map((c) => Math.round(Math.log2((c + SMOOTHING) / total) * 1000) / 1000);
  });
  const previous = fs.existsSync(MODEL_FILE) ? JSON.parse(fs.readFileSync(MODEL_FILE, 'utf8')) : {};
  const model = {
    $comment: 'Character-bigram log2 probabilities (row: previous letter, column: next; index 0 is the word boundary, 1-26 a-z), for random-looking-name. Built and measured by bench/name-model.ts; see baselines/reference/DETECT-DATA.md.',
    source: { package: 'word-list', version: JSON.parse(fs.readFileSync(path.join(path.dirname(wordsFile), 'package.json'), 'utf8')).version, repo: 'sindresorhus/word-list', file: 'words.txt', licence: 'MIT', words: words.length, smoothing: SMOOTHING },
    minTokenLength: previous.minTokenLength ?? 6,
    randomBelow: previous.randomBelow ?? -6.2,
    unusualBelow: previous.unusualBelow ?? -4.2,
    logProb,
  };
  fs.writeFileSync(MODEL_FILE, `${JSON.stringify(model, null, 1).replace(/\n\s+(-?[\d.]+)(?=[,\n])/g, ' $1').replace(/\[ /g, '[').replace(/\n\s+\]/g, ']')}\n`);
  console.log(`wrote ${MODEL_FILE} from ${words.length} words`);
}

function dnValues(dn: string): string[] {
  return dn.split('\n').map((line) => line.slice(line.indexOf('=') + 1)).filter(Boolean);
}

/** Genuine names by where they come from. */
export function genuineNames(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  out.set('Node root store subjects', rootCertificates.flatMap((pem) => dnValues(new X509Certificate(pem).subject)));
  const casDir = path.join(CORPUS, 'genuine-cas');
  out.set('corpus genuine CAs', fs.readdirSync(casDir).filter((f) => f.endsWith('.pem'))
    .flatMap((f) => dnValues(new X509Certificate(fs.readFileSync(path.join(casDir, f))).subject)));
  const expected = JSON.parse(fs.readFileSync(path.join(CORPUS, 'expected.json'), 'utf8')) as Record<string, { certificates?: Array<{ sni?: string; chain?: Array<{ subject?: string; issuer?: string }> }> }>;
  const names: string[] = [];
  for (const capture of Object.values(expected)) {
    for (const c of capture.certificates ?? []) {
      if (c.sni) names.push(c.sni);
      for (const link of c.chain ?? []) for (const dn of [link.subject, link.issuer]) if (dn) names.push(...rfc4514Values(dn));
    }
  }
  out.set('corpus capture subjects, issuers and SNIs', names);
  return out;
}

function rfc4514Values(dn: string): string[] {
  return dn.split(/(?<!\\),/).map((part) => part.slice(part.indexOf('=') + 1).replace(/\\(.)/g, '$1')).filter(Boolean);
}

/** Names as the tools' and families' code writes them (published examples; see the tests for their sources). */
const GENERATED: readonly string[] = [
  'ucbigdz', 'cnbqevkaw', 'uhjqwtml.example', 'td.0swgljfedb.a.edu', '41tw6z.yl.biz', 'Qzmwlhte', 'Vkbreaj', 'Xmfdwq',
  'wuijqkdkp.org', 'Fifgybs', 'xvihfkbo.biz', 'QwErTyUiOp', 'jkqxzvbn.net', 'zxcvbnmlkj',
  'Coejdut Mavmtko Qxyemk Dxsjie LLC.', 'gaevietovp.mobi',
];

/** Genuine certificates (Node's roots, ../shared/corpus/genuine-cas) that a family template or malware entry claims. */
function familyClaims(): void {
  const read = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(REFERENCE, name), 'utf8'));
  const reference = parseReferenceData(read(REFERENCE_FILES.brands), read(REFERENCE_FILES.c2Defaults), {
    nameModel: read(REFERENCE_FILES.nameModel), nameFamilies: read(REFERENCE_FILES.nameFamilies),
  });
  const casDir = path.join(CORPUS, 'genuine-cas');
  const pems = [...rootCertificates, ...fs.readdirSync(casDir).filter((f) => f.endsWith('.pem')).map((f) => fs.readFileSync(path.join(casDir, f), 'utf8'))];
  const at = new Date();
  const claimed: string[] = [];
  for (const pem of pems) {
    const facts = certFacts(new X509Certificate(pem).raw, { keepDer: true });
    const signals = evaluateCertificate(facts, [facts], { verdict: 'untrusted', reason: 'as if off a trusted chain' }, DEFAULT_CONFIG, at, reference).signals;
    const family = signals.find((s) => s.id === 'random-looking-name' && s.evidence.family !== undefined);
    const malware = signals.find((s) => s.id === 'tool-default' && (s.evidence.kinds as string[]).includes('malware'));
    if (family || malware) claimed.push(facts.subject.rfc4514);
  }
  console.log(`genuine certificates put on a malware family: ${claimed.length} of ${pems.length}`);
  for (const subject of claimed) console.log(`  ${subject}`);
}

function measure(model: NameModel): void {
  let total = 0;
  let flagged = 0;
  for (const [where, names] of genuineNames()) {
    const distinct = [...new Set(names)];
    const hits = distinct.map((n) => [n, randomPart(model, n)] as const).filter(([, part]) => part !== undefined);
    total += distinct.length;
    flagged += hits.length;
    console.log(`${where}: ${hits.length} of ${distinct.length} distinct names read as random (${(100 * hits.length / distinct.length).toFixed(2)} %)`);
    for (const [name, part] of hits) console.log(`  ${JSON.stringify(name)} (${part})`);
  }
  console.log(`false-positive rate on genuine names: ${flagged} of ${total} = ${(100 * flagged / total).toFixed(2)} %`);
  const caught = GENERATED.filter((n) => randomPart(model, n) !== undefined);
  console.log(`generated names read as random: ${caught.length} of ${GENERATED.length}`);
  familyClaims();
}

const command = process.argv[2];
if (command === 'build') build();
else if (command === 'measure') measure(parseNameModel(JSON.parse(fs.readFileSync(MODEL_FILE, 'utf8'))));
else if (require.main === module) {
  console.error('usage: node dist-bench/bench/name-model.js build|measure');
  process.exitCode = 2;
}
