// A batch worker that dies (as a worker thread does on a fatal error) on any package named
// crash*.dtsx, and otherwise is the real one: for testing what the main thread does about it.
const workerpool = require('workerpool');
const { runFileJob } = require('../../dist/src/engine/file-job.js');

workerpool.worker({
  runFileJob(job) {
    if (/crash[^/]*\.dtsx$/.test(job.display)) process.exit(70);
    const result = runFileJob(job);
    return result.output ? new workerpool.Transfer(result, [result.output.buffer]) : result;
  },
});
