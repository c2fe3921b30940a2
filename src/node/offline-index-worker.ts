// A worker thread that builds the offline edition's search scripts and posts them back.
import { parentPort, workerData } from 'node:worker_threads';
import type { OfflineDoc, OfflineTopic } from '../lib/offline-search';
import { offlineScripts } from './offline-index';

const { docs, topics } = workerData as { docs: OfflineDoc[]; topics: OfflineTopic[] };
parentPort!.postMessage(offlineScripts(docs, topics));
