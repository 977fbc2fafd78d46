import { defineJob } from '../../src/jobDefinition';
import { runApproved } from '../../src/ops/approvedRun';
import { OP_APPROVE } from './schema';

/** Re-reads the instance, re-plans, and enqueues the approved operation (or says why not, on the plan). */
export const opApproveJob = defineJob({
  ...OP_APPROVE,
  create: (deps) => async (data) => runApproved(deps, data.approvalId),
});
