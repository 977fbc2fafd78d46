import type { JobDefinition } from '../src/jobDefinition';
import { accountsJob } from './accounts';
import { nitroJob } from './nitro';
import { resizeJob } from './resize';
import { resizePlanJob } from './resizePlan';

/** Every job the worker runs. A new job adds one line here. */
export const JOBS: JobDefinition[] = [accountsJob, resizeJob, resizePlanJob, nitroJob];
