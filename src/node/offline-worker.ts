// A worker thread that writes the offline edition (see startEditionWorker) and posts the zip's size.
import { parentPort } from 'node:worker_threads';
import { writeOfflineEdition, type EditionInputs, type EditionJob } from './offline-writer';

// The job comes first; the search scripts and the browser code follow once the build's thread has them.
parentPort!.once('message', (job: EditionJob) => {
  const inputs = new Promise<EditionInputs>((resolve) => parentPort!.once('message', resolve));
  void writeOfflineEdition(job, inputs).then((bytes) => parentPort!.postMessage(bytes));
});
