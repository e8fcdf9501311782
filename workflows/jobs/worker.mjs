// The entry of a job worker thread (workflows/jobs/pool.ts starts it). Worker threads do not inherit
// the TypeScript loader of the server process, so it is registered here before the jobs are loaded.
import { register } from 'tsx/esm/api';

register();
const { runJob } = await import('./jobs.ts');

export default runJob;
