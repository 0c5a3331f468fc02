/** `certhound template`: the Elasticsearch index template for the NDJSON documents, on stdout. */
import type { Command } from 'commander';
import { indexTemplate } from '../../output/ecs-template';
import { EXIT_OK } from '../exit-codes';

export function registerTemplate(program: Command, run: (p: Promise<number>) => void, version: string): void {
  program
    .command('template')
    .description('the Elasticsearch index template (ECS mappings) for the NDJSON output, to PUT as _index_template/certhound')
    .option('--index-pattern <patterns...>', 'index patterns the template applies to', ['certhound-*'])
    .action((o: { indexPattern: string[] }) => {
      process.stdout.write(`${JSON.stringify(indexTemplate(version, o.indexPattern), null, 2)}\n`);
      run(Promise.resolve(EXIT_OK));
    });
}
