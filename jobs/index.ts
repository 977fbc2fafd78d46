import type { JobDefinition } from '../src/jobDefinition';
import { accountsJob } from './accounts';
import { eventsJob } from './events';

/** Every job the worker runs. A new job adds one line here. */
export const JOBS: JobDefinition[] = [accountsJob, eventsJob];
