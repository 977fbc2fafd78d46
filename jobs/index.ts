import type { JobDefinition } from '../src/jobDefinition';
import { accountsJob } from './accounts';
import { snapshotsApplyJob } from './snapshots-apply';
import { snapshotsPlanJob } from './snapshots-plan';
import { snapshotsScheduledJob } from './snapshots-scheduled';

/** Every job the worker runs. A new job adds one line here. */
export const JOBS: JobDefinition[] = [
  accountsJob,
  snapshotsPlanJob,
  snapshotsApplyJob,
  snapshotsScheduledJob,
];
