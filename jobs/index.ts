import type { JobDefinition } from '../src/jobDefinition';
import { accountsJob } from './accounts';
import { alertAutoRecoverJob } from './alert-autorecover';
import { alertDigestJob } from './alert-digest';
import { alertEscalateJob } from './alert-escalate';
import { alertFlushJob } from './alert-flush';
import { alertIngestJob } from './alert-ingest';
import { alertSendJob } from './alert-send';
import { approvalExpireJob } from './approval-expire';
import { auditJob } from './audit';
import { backupJob } from './backup';
import { eventsJob } from './events';
import { findJob } from './find';
import { hibernateJob } from './hibernate';
import { nitroJob } from './nitro';
import { opPlanJob } from './op-plan';
import { rebootJob } from './reboot';
import { recoverJob } from './recover';
import { rescheduleJob } from './reschedule';
import { resizeJob } from './resize';
import { resizePlanJob } from './resizePlan';
import { snapshotsApplyJob } from './snapshots-apply';
import { snapshotsPlanJob } from './snapshots-plan';
import { snapshotsScheduledJob } from './snapshots-scheduled';
import { startJob } from './start';
import { statusJob } from './status';
import { stopJob } from './stop';

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
  opPlanJob,
  backupJob,
  rebootJob,
  stopJob,
  startJob,
  recoverJob,
  hibernateJob,
  rescheduleJob,
  approvalExpireJob,
];
