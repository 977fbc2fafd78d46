// Preloaded into a bot process by a test (`node --require test/helpers/moduleProbe.cjs …`): on SIGUSR2
// it writes every module file the process has loaded, one a line, to $MODULE_PROBE_FILE — so a test can
// check what a process holds (the web process: no AWS SDK module) after it has served real requests.
const { writeFileSync } = require('node:fs');

process.on('SIGUSR2', () => {
  const file = process.env.MODULE_PROBE_FILE;
  if (!file) return;
  writeFileSync(`${file}.tmp`, Object.keys(require.cache).join('\n'));
  require('node:fs').renameSync(`${file}.tmp`, file);
});
