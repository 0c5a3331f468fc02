/**
 * Jest setup (jest.config.js setupFiles), run before each test file: the file, and the certhound processes it
 * starts, use a baseline of their own in the system temp folder, never the user's (CERTHOUND_BASELINE overrides
 * $XDG_DATA_HOME/certhound and ~/.local/share/certhound). One folder per worker process, removed when it exits.
 */
const { existsSync, mkdirSync, mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const root = join(tmpdir(), `certhound-test-baselines-${process.pid}`);
if (!existsSync(root)) {
  mkdirSync(root);
  process.on('exit', () => rmSync(root, { recursive: true, force: true }));
}
process.env.CERTHOUND_BASELINE = join(mkdtempSync(join(root, 'file-')), 'baseline');
