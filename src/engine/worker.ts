import workerpool from 'workerpool';
import { runFileJob, type FileJob, type FileJobResult } from './file-job';

/** A worker thread of the batch pool: runs file jobs; the main thread alone writes files. */
workerpool.worker({
  runFileJob(job: FileJob) {
    const result = runFileJob(job);
    // The patch's bytes are in this thread's reused buffer: a copy of just them crosses, not the whole buffer.
    const patchBytes = result.report.patchBytes?.slice();
    const crossing: FileJobResult = patchBytes ? { ...result, report: { ...result.report, patchBytes } } : result;
    const transfers = [crossing.output?.buffer, patchBytes?.buffer].filter((buffer): buffer is ArrayBuffer => buffer !== undefined);
    return transfers.length > 0 ? new workerpool.Transfer(crossing, transfers) : crossing;
  },
});
