import { OPERATION_JOBS } from '../src/ops/job';
import type { JobDefinition } from '../src/process/jobDefinition';
import { accountsJob } from './accounts';
import { alertAutoRecoverJob } from './alert-autorecover';
import { alertDigestJob } from './alert-digest';
import { alertEscalateJob } from './alert-escalate';
import { alertFlushJob } from './alert-flush';
import { alertIngestJob } from './alert-ingest';
import { alertPageJob } from './alert-page';
import { alertSendJob } from './alert-send';
import { approvalExpireJob } from './approval-expire';
import { auditJob } from './audit';
import { dataLossJob } from './data-loss';
import { eventsJob } from './events';
import { findJob } from './find';
import { homeJob } from './home';
import { maintenanceDigestJob } from './maintenance-digest';
import { maintenancePlanJob } from './maintenance-plan';
import { maintenanceStageJob } from './maintenance-stage';
import { maintenanceSweepJob } from './maintenance-sweep';
import { maintenanceWaveJob } from './maintenance-wave';
import { maintenanceWindowsJob } from './maintenance-windows';
import { nitroJob } from './nitro';
import { opApproveJob } from './op-approve';
import { opPlanJob } from './op-plan';
import { opSalvageJob } from './op-salvage';
import { opsSweepJob } from './ops-sweep';
import { orgRefreshJob } from './org-refresh';
import { snapshotsPlanJob } from './snapshots-plan';
import { snapshotsScheduledJob } from './snapshots-scheduled';
import { statusJob } from './status';

/** Every job the worker runs: the named jobs here, and one job per operation derived from its spec. */
export const JOBS: JobDefinition[] = [
  accountsJob,
  eventsJob,
  statusJob,
  auditJob,
  findJob,
  nitroJob,
  snapshotsPlanJob,
  snapshotsScheduledJob,
  alertIngestJob,
  alertFlushJob,
  alertSendJob,
  alertEscalateJob,
  alertAutoRecoverJob,
  alertDigestJob,
  alertPageJob,
  opPlanJob,
  opApproveJob,
  approvalExpireJob,
  opsSweepJob,
  opSalvageJob,
  dataLossJob,
  orgRefreshJob,
  maintenancePlanJob,
  maintenanceStageJob,
  maintenanceWaveJob,
  maintenanceDigestJob,
  maintenanceSweepJob,
  maintenanceWindowsJob,
  homeJob,
  ...OPERATION_JOBS,
];
