// A worker thread that writes the offline edition (see writeInWorker) and posts the zip's size.
import { parentPort, workerData } from 'node:worker_threads';
import { writeOfflineEdition, type EditionInputs, type EditionJob } from './offline-writer';

// The search scripts and the browser code come from the build's thread once they are ready.
const inputs = new Promise<EditionInputs>((resolve) => parentPort!.once('message', resolve));
void writeOfflineEdition(workerData as EditionJob, inputs).then((bytes) => parentPort!.postMessage(bytes));
