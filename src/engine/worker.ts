import workerpool from 'workerpool';
import { runFileJob, type FileJob } from './file-job';

/** A worker thread of the batch pool: runs file jobs; the main thread alone writes files. */
workerpool.worker({
  runFileJob(job: FileJob) {
    const result = runFileJob(job);
    return result.output ? new workerpool.Transfer(result, [result.output.buffer as ArrayBuffer]) : result;
  },
});
