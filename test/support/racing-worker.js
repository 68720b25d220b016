// A batch worker that plays a concurrent writer: after analysing a package named race*.dtsx for
// the first time, it changes that package on disk (as a second dtsx-codemod run, or an editor,
// would), before the main thread replaces it. Otherwise it is the real worker.
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const workerpool = require('workerpool');
const { runFileJob } = require('../../dist/src/engine/file-job.js');

workerpool.worker({
  runFileJob(job) {
    const result = runFileJob(job);
    const marker = `${job.absolute}.raced`;
    if (/race[^/]*\.dtsx$/.test(job.display) && !existsSync(marker)) {
      writeFileSync(marker, '');
      writeFileSync(job.absolute, `${readFileSync(job.absolute, 'utf8')}<!-- edited concurrently -->\n`);
    }
    return result.output ? new workerpool.Transfer(result, [result.output.buffer]) : result;
  },
});
