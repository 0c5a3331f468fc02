// Child process for crash.test.ts: writes sightings through BaselineSession until it is killed.
// Prints "flushed" after each whole batch so the parent can kill it mid-run.
require('./../helpers/ts-require.js');
const { BaselineStore, BaselineSession } = require('../../src/baseline/index.ts');

(async () => {
  const store = await BaselineStore.open(process.argv[2]);
  const session = new BaselineSession(store, true);
  let flushedAt = 0;
  for (let i = 0; ; i++) {
    const sha = (i % 20000).toString(16).padStart(64, '0');
    await session.observe([{
      sha256: sha, sha1: sha.slice(24), subject: `CN=h${i % 20000}`, issuer: 'CN=CA', serverIp: `10.0.${(i >> 8) & 255}.${i & 255}`,
      serverPort: 443, serverName: `h${i % 997}.example`, role: 'server', time: 1767225600000 + i,
    }]);
    const writes = session['writes'];
    if (writes !== flushedAt) {
      flushedAt = writes;
      process.stdout.write('flushed\n');
    }
  }
})();
