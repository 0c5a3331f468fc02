/**
 * Tests are type-checked once by `npm test` (tsc); ts-jest only transpiles, which keeps runs fast on 2 cores.
 *
 * The conformance tests read the shared corpus at ../shared/corpus (CI lays it beside the clone). A clone on its
 * own has none: the test files that read it are then left out, and the run says how many, so a newcomer's
 * `npm test` still checks everything else instead of failing on a missing folder.
 */
const fs = require('node:fs');
const path = require('node:path');

const corpus = process.env.CERTHOUND_CORPUS || path.join(__dirname, '..', 'shared', 'corpus');
// What names the corpus, and the helpers that read it for their callers (ECS reference, name-model measure).
const READS_CORPUS = /shared[/'", ]+corpus|CORPUS_DIR|SHARED_DIR|ECS_DIR|GENUINE_CAS|genuineCa\(|genuine-cas|expected\.json|ecs-reference|bench\/name-model/;

function testFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? testFiles(p) : e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const withoutCorpus = fs.existsSync(corpus)
  ? []
  : testFiles(path.join(__dirname, 'test')).filter((f) => READS_CORPUS.test(fs.readFileSync(f, 'utf8')));
if (withoutCorpus.length > 0) {
  process.stderr.write(`certhound: ${corpus} not found: ${withoutCorpus.length} conformance test files left out\n`);
}

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', ...withoutCorpus.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
  // tests never touch the user's baseline: each test process gets its own CERTHOUND_BASELINE
  setupFiles: ['<rootDir>/test/helpers/isolate-baseline.js'],
  testTimeout: 60000,
};
