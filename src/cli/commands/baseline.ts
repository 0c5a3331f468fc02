/** `certhound baseline learn|show|stats|trust|distrust|unmark|marks|export|import`: flags → library calls. */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import {
  BaselineStore, BaselineSession, setMark, removeMark, listMarks, exportBaseline, importBaseline, importSslbl, show, baselineStats, markId,
} from '../../baseline';
import { certFacts } from '../../x509';
import { scan } from '../../pipeline/scan';
import { countersOf } from '../../pipeline/extract';
import { linesOf } from '../../pipeline/lines';
import { peek } from '../../pipeline/peek';
import { openInput, InputError } from '../../capture';
import { LineWriter } from '../../output/line-writer';
import { formatMark, formatShow, showLines } from '../../output/baseline-show';
import { parseFormat } from '../options';
import { terminalWidth } from '../terminal';
import { describeProblem, Progress, say } from '../stderr';
import { baselineDir, BASELINE_FLAG_HELP } from '../baseline-dir';
import { closeStoreAndSay, openStoreOrSay } from '../command-setup';
import { EXIT_ERROR, EXIT_OK } from '../exit-codes';

/**
 * Runs `work` on the store; `readOnly` commands never create one (a mistyped path is an error) and, while a sweep
 * holds the store, read a copy of it (store.ts openForReading).
 */
async function withStore(dir: string, work: (store: BaselineStore) => Promise<number>, readOnly = false): Promise<number> {
  const store = await openStoreOrSay(dir, readOnly);
  if (!store) return EXIT_ERROR;
  try {
    return await work(store);
  } finally {
    await closeStoreAndSay(store);
  }
}

export async function runLearn(paths: string[], dir: string): Promise<number> {
  return withStore(dir, async (store) => {
    const session = new BaselineSession(store, true, 'learn');
    const progress = new Progress();
    let fatal = false;
    const started = Date.now();
    const result = await scan(paths, {
      onProblem(p) {
        progress.clear();
        fatal ||= p.fatal;
        say(describeProblem(p));
      },
      onProgress: (p) => progress.update(p),
    }, { baseline: session });
    progress.clear();
    await session.finish({ started, finished: Date.now(), inputs: paths, counters: { ...countersOf(result.stats), certificates: result.certificates } });
    say(`learned ${result.certificates} certificates from ${result.stats.handshakes} handshakes into ${dir}`);
    return fatal ? EXIT_ERROR : EXIT_OK;
  });
}

/** A fingerprint as given, or a PEM/DER certificate file's SHA-256, subject and DER. */
function certificateOf(arg: string): { fingerprint: string; der?: Buffer; subject?: string } | undefined {
  if (markId(arg)) return { fingerprint: arg };
  try {
    const bytes = readFileSync(arg);
    const der = bytes.includes('-----BEGIN') ? new X509Certificate(bytes).raw : bytes;
    const facts = certFacts(der);
    return { fingerprint: facts.sha256, der, subject: facts.parsed ? facts.subject.rfc4514 : undefined };
  } catch {
    return undefined;
  }
}

/** Why a certificate cannot anchor what it issued, or undefined (v1/v2 certificates are legacy CAs, as in chain building). */
function notACa(der: Buffer): string | undefined {
  const f = certFacts(der);
  if (!f.parsed) return 'cannot be parsed';
  if (f.version >= 3 && f.basicConstraints?.ca !== true) return 'is not a CA certificate (basicConstraints cA is not set)';
  return undefined;
}

async function runMark(dir: string, what: string, kind: 'trusted' | 'known-bad', reason: string, ca: boolean): Promise<number> {
  const cert = certificateOf(what);
  if (!cert) {
    say(`${what}: neither a SHA-256/SHA-1 fingerprint nor a readable certificate file`);
    return EXIT_ERROR;
  }
  if (ca) {
    const why = cert.der ? notACa(cert.der) : 'is a fingerprint: --ca needs the certificate file (its key verifies what it issued)';
    if (why) {
      say(`${what}: ${why}`);
      return EXIT_ERROR;
    }
  }
  return withStore(dir, async (store) => {
    const known = cert.subject ? undefined : await show(store, cert.fingerprint);
    const subject = cert.subject ?? (known?.kind === 'certificate' ? known.cert.subject : undefined);
    await setMark(store, cert.fingerprint, {
      kind, reason, source: 'analyst', time: Date.now(), ...(subject ? { subject } : {}), ...(ca && cert.der ? { caDer: cert.der.toString('base64') } : {}),
    });
    const what = ca ? 'trusted CA (and what it issues)' : kind === 'trusted' ? 'trusted' : 'distrusted';
    say(`${what} ${cert.fingerprint.toLowerCase()}${subject ? ` ${subject}` : ''}: ${reason}`);
    return EXIT_OK;
  });
}

async function runUnmark(dir: string, what: string): Promise<number> {
  const cert = certificateOf(what);
  if (!cert) {
    say(`${what}: neither a SHA-256/SHA-1 fingerprint nor a readable certificate file`);
    return EXIT_ERROR;
  }
  return withStore(dir, async (store) => {
    const removed = await removeMark(store, cert.fingerprint);
    say(removed ? `removed the mark on ${cert.fingerprint.toLowerCase()}` : `no mark on ${cert.fingerprint.toLowerCase()} (nothing removed)`);
    return EXIT_OK;
  });
}

async function runMarks(dir: string): Promise<number> {
  return withStore(dir, async (store) => {
    const out = new LineWriter(process.stdout);
    for await (const { id, mark } of listMarks(store)) {
      out.line(formatMark(id, mark));
      if (out.wantsFlush) await out.flush();
    }
    await out.flush();
    return EXIT_OK;
  }, true);
}

async function runImport(dir: string, file: string): Promise<number> {
  return withStore(dir, async (store) => {
    let bad = false;
    const onProblem = (p: { line: number; message: string }) => {
      bad = true;
      say(`warning: ${file}: line ${p.line}: ${p.message}`);
    };
    try {
      const { head, chunks } = await peek(openInput(file));
      const firstLine = head.toString('utf8').split('\n').find((l) => l.trim() !== '' && !l.startsWith('#')) ?? '';
      const lines = linesOf(chunks);
      const n = firstLine.trimStart().startsWith('{')
        ? await importBaseline(store, lines, onProblem)
        : await importSslbl(store, lines, file, onProblem);
      say(`imported ${n} records from ${file}${bad ? ' (some lines skipped)' : ''}`);
      return EXIT_OK;
    } catch (err) {
      if (err instanceof InputError) {
        say(err.message);
        return EXIT_ERROR;
      }
      throw err;
    }
  });
}

export function registerBaseline(program: Command, run: (p: Promise<number>) => void): void {
  const cmd = program.command('baseline').description('what this network normally presents: learn, inspect, mark, move');
  const dirOption = ['--baseline <dir>', BASELINE_FLAG_HELP] as const;
  cmd.command('learn').description('record known-good traffic without scoring').argument('<paths...>')
    .option(...dirOption)
    .action((paths: string[], o: { baseline?: string }) => run(runLearn(paths, baselineDir(o.baseline))));
  cmd.command('show').description('history of a certificate (sha256/sha1), an address (ip[:port]) or a server name')
    .argument('<what>').option(...dirOption)
    .option('-f, --format <format>', 'table or ndjson (default: table on a terminal, else ndjson)')
    .action((what: string, o: { baseline?: string; format?: string }) => {
      const format = parseFormat(o.format);
      run(withStore(baselineDir(o.baseline), async (store) => {
        const result = await show(store, what);
        if (format === 'ndjson') process.stdout.write(showLines(result).map((l) => `${l}\n`).join(''));
        else process.stdout.write(formatShow(result, terminalWidth()));
        return EXIT_OK;
      }, true));
    });
  cmd.command('stats').description('counts of what the baseline holds').option(...dirOption)
    .action((o: { baseline?: string }) => run(withStore(baselineDir(o.baseline), async (store) => {
      const s = await baselineStats(store);
      process.stdout.write(Object.entries(s).map(([k, v]) => `${k.padEnd(13)} ${v}`).join('\n') + '\n');
      return EXIT_OK;
    }, true)));
  cmd.command('trust').description('mark a certificate (sha256, sha1 or a PEM/DER file) known good: its findings drop to info')
    .argument('<certificate>')
    .option('--ca', 'the certificate is a CA (PEM/DER file): trust what it issued, signature verified, as a private trust anchor', false)
    .requiredOption('--reason <text>', 'why (shown with every finding it affects)').option(...dirOption)
    .action((what: string, o: { reason: string; ca: boolean; baseline?: string }) => run(runMark(baselineDir(o.baseline), what, 'trusted', o.reason, o.ca)));
  cmd.command('distrust').description('mark a certificate (sha256, sha1 or a PEM/DER file) known bad: later sightings are flagged')
    .argument('<certificate>').requiredOption('--reason <text>', 'why (shown with every finding it affects)').option(...dirOption)
    .action((what: string, o: { reason: string; baseline?: string }) => run(runMark(baselineDir(o.baseline), what, 'known-bad', o.reason, false)));
  cmd.command('unmark').description('remove the trust or distrust mark of a certificate (sha256, sha1 or a PEM/DER file)')
    .argument('<certificate>').option(...dirOption)
    .action((what: string, o: { baseline?: string }) => run(runUnmark(baselineDir(o.baseline), what)));
  cmd.command('marks').description('every mark with its kind, reason, source and date').option(...dirOption)
    .action((o: { baseline?: string }) => run(runMarks(baselineDir(o.baseline))));
  cmd.command('export').description('the whole baseline as NDJSON on stdout').option(...dirOption)
    .action((o: { baseline?: string }) => run(withStore(baselineDir(o.baseline), async (store) => {
      const out = new LineWriter(process.stdout);
      for await (const rec of exportBaseline(store)) {
        out.line(JSON.stringify(rec));
        if (out.wantsFlush) await out.flush();
      }
      await out.flush();
      return EXIT_OK;
    }, true)));
  cmd.command('import').description('merge a certhound export (NDJSON) or an abuse.ch SSLBL CSV').argument('<file>').option(...dirOption)
    .action((file: string, o: { baseline?: string }) => run(runImport(baselineDir(o.baseline), file)));
}
