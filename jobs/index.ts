import type { JobDefinition } from '../src/jobDefinition';
import { accountsJob } from './accounts';
import { auditJob } from './audit';
import { eventsJob } from './events';
import { findJob } from './find';
import { statusJob } from './status';

/** Every job the worker runs. A new job adds one line here. */
export const JOBS: JobDefinition[] = [accountsJob, eventsJob, statusJob, auditJob, findJob];
