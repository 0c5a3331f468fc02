/** certhound's command line: commander wiring, exit codes, and the promise that no user input prints a stack trace. */
import { Command, CommanderError } from 'commander';
import { registerScan } from './commands/scan';
import { registerBaseline } from './commands/baseline';
import { registerHost } from './commands/host';
import { registerHunt } from './commands/hunt';
import { registerCert } from './commands/cert';
import { registerTemplate } from './commands/template';
import { PROGRAM_EXAMPLES } from './help-text';
import { EXIT_ERROR } from './exit-codes';
import { say } from './stderr';
import { UsageError } from './options';
import { BaselineError } from '../baseline/store';

import { VERSION as version } from './version';

export async function main(argv: string[]): Promise<number> {
  let pending: Promise<number> | undefined;
  const run = (p: Promise<number>) => {
    pending = p;
  };
  const program = new Command('certhound')
    .description('hunt attacker-made TLS certificates (MITRE ATT&CK T1587.003)')
    .version(version)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerScan(program, run);
  registerBaseline(program, run);
  registerHost(program, run);
  registerHunt(program, run);
  registerCert(program, run);
  registerTemplate(program, run, version);
  program.addHelpText('after', PROGRAM_EXAMPLES);
  try {
    await program.parseAsync(argv);
    return pending ? await pending : 0;
  } catch (err) {
    if (err instanceof UsageError || err instanceof BaselineError) {
      say(err.message);
      return EXIT_ERROR;
    }
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? 0 : EXIT_ERROR;
    }
    say(`internal error: ${err instanceof Error ? err.message : String(err)} (please report this with the input that caused it)`);
    if (process.env.CERTHOUND_DEBUG) console.error(err);
    return EXIT_ERROR;
  }
}
