// A worker thread that writes the offline edition (see writeInWorker) and posts the zip's size.
import { parentPort, workerData } from 'node:worker_threads';
import type { StagedScripts } from './offline-index';
import { writeOfflineEdition, type EditionJob } from './offline';

// The search scripts come from the build's thread once their own worker has staged them.
const scripts = new Promise<StagedScripts>((resolve) => parentPort!.once('message', resolve));
void writeOfflineEdition(workerData as EditionJob, scripts).then((bytes) => parentPort!.postMessage(bytes));
