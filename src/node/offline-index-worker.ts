// A worker thread that writes the offline edition's search scripts to a folder and posts their list.
import { parentPort, workerData } from 'node:worker_threads';
import type { OfflineDoc, OfflineTopic } from '../lib/offline-search';
import { stageOfflineScripts } from './offline-index';

const { docs, topics, dir } = workerData as { docs: OfflineDoc[]; topics: OfflineTopic[]; dir: string };
parentPort!.postMessage(stageOfflineScripts(docs, topics, dir));
