import { defineJob } from '../../src/jobDefinition';
import { expireApproval } from '../../src/ops/decision';
import { APPROVAL_EXPIRE } from './schema';

/** A request nobody decided is marked expired, audited, and its message updated. */
export const approvalExpireJob = defineJob({
  ...APPROVAL_EXPIRE,
  create: (deps) => async (data) => ({ expired: await expireApproval(deps, data.approvalId) }),
});
