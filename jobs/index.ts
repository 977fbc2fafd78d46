import type { JobDefinition } from '../src/jobDefinition';
import { accountsJob } from './accounts';
import { approvalExpireJob } from './approval-expire';
import { backupJob } from './backup';
import { hibernateJob } from './hibernate';
import { opPlanJob } from './op-plan';
import { rebootJob } from './reboot';
import { recoverJob } from './recover';
import { rescheduleJob } from './reschedule';
import { startJob } from './start';
import { stopJob } from './stop';

/** Every job the worker runs. A new job adds one line here. */
export const JOBS: JobDefinition[] = [
  accountsJob,
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
