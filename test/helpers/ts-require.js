// Lets a child process (spawned by a test) require the TypeScript sources directly, as ts-jest does in the test
// process: `node -r ./test/helpers/ts-require.js script.js`. Transpile only, no type check.
const fs = require('node:fs');
const ts = require('typescript');

require.extensions['.ts'] = function compileTs(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const out = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, experimentalDecorators: true, emitDecoratorMetadata: true },
  });
  module._compile(out.outputText, filename);
};
