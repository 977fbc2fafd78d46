import { APPROVAL_EXPIRE } from '../../src/jobs/approvalExpire';
import { expireApproval } from '../../src/ops/decision';
import { defineJob } from '../../src/process/jobDefinition';

/** A request nobody decided is marked expired, audited, and its message updated. */
export const approvalExpireJob = defineJob({
  ...APPROVAL_EXPIRE,
  create: (deps) => async (data) => ({ expired: await expireApproval(deps, data.approvalId) }),
});
