// A worker thread that writes the papers' citation files (see writeCitationFilesInBackground) and posts its report.
import { parentPort, workerData } from 'node:worker_threads';
import { writeCitationFiles, type CitationJob } from './citation-writer';

void writeCitationFiles(workerData as CitationJob).then((report) => parentPort!.postMessage(report));
