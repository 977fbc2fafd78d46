import type { JobDefinition } from '../src/jobDefinition';
import { accountsJob } from './accounts';
import { alertAutoRecoverJob } from './alert-autorecover';
import { alertDigestJob } from './alert-digest';
import { alertEscalateJob } from './alert-escalate';
import { alertFlushJob } from './alert-flush';
import { alertIngestJob } from './alert-ingest';
import { alertSendJob } from './alert-send';
import { auditJob } from './audit';
import { eventsJob } from './events';
import { findJob } from './find';
import { nitroJob } from './nitro';
import { resizeJob } from './resize';
import { resizePlanJob } from './resizePlan';
import { snapshotsApplyJob } from './snapshots-apply';
import { snapshotsPlanJob } from './snapshots-plan';
import { snapshotsScheduledJob } from './snapshots-scheduled';
import { statusJob } from './status';

/** Every job the worker runs. A new job adds one line here. */
export const JOBS: JobDefinition[] = [
  accountsJob,
  eventsJob,
  statusJob,
  auditJob,
  findJob,
  snapshotsPlanJob,
  snapshotsApplyJob,
  snapshotsScheduledJob,
  alertIngestJob,
  alertFlushJob,
  alertSendJob,
  alertEscalateJob,
  alertAutoRecoverJob,
  alertDigestJob,
  resizeJob,
  resizePlanJob,
  nitroJob,
];
