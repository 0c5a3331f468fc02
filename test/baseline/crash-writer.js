// Child process for crash.test.ts: writes sightings through BaselineSession, in batches of BATCH new certificates,
// until it is killed. Prints "writing" just before each batch write, so the parent can kill it while LevelDB
// writes. Runs the built baseline (dist/, as `certhound scan` does; `npm test` builds first).
const { BaselineStore, BaselineSession } = require('../../dist/baseline/index.js');

const BATCH = 500;

(async () => {
  const store = await BaselineStore.open(process.argv[2]);
  const session = new BaselineSession(store, true);
  for (let i = 0; ; i++) {
    const sha = (i % 20000).toString(16).padStart(64, '0');
    await session.observe([{
      sha256: sha, sha1: sha.slice(24), subject: `CN=h${i % 20000}`, issuer: 'CN=CA', serverIp: `10.0.${(i >> 8) & 255}.${i & 255}`,
      serverPort: 443, serverName: `h${i % 997}.example`, role: 'server', time: 1767225600000 + i,
    }]);
    if ((i + 1) % BATCH === 0) {
      process.stdout.write('writing\n');
      await session.flush();
    }
  }
})();
