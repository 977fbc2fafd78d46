import { OP_APPROVE } from '../../src/jobs/opApprove';
import { runApproved } from '../../src/ops/approvedRun';
import { defineJob } from '../../src/process/jobDefinition';

/** Re-reads the instance, re-plans, and enqueues the approved operation (or says why not, on the plan). */
export const opApproveJob = defineJob({
  ...OP_APPROVE,
  create: (deps) => async (data) => runApproved(deps, data.approvalId),
});
