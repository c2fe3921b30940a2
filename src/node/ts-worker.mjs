// The entry of the build's worker threads (`tsWorker` in workers.ts): it registers tsx, then loads
// the TypeScript module named by the thread's first argument.
import { register } from 'tsx/esm/api';

register();
await import(process.argv[2]);
