import { DelayedError } from 'bullmq';
import { DATA_LOSS } from '../../src/jobs/dataLoss';
import { defineJob } from '../../src/process/jobDefinition';
import { scanAfterLoss, trackNotices } from '../../src/recovery/afterLoss';

/** How often the notices are brought up to date, and for how long at most. */
const TRACK_EVERY_MS = 2000;
const TRACK_FOR_MS = 30 * 60_000;

/**
 * After a data loss: the scan once (sweep, lost approvals, lost plans, notices), then the notices kept up
 * to date as the salvaged operations end — the job parks itself between looks (no worker slot held).
 */
export const dataLossJob = defineJob({
  ...DATA_LOSS,
  create:
    (deps) =>
    async (data, { job, token }) => {
      const at = new Date(data.at);
      let notices = data.notices;
      if (!notices) {
        notices = await scanAfterLoss(deps, data.cause, at);
        if (!notices) return { lost: 0 };
        await job.updateData({ ...data, notices });
      }
      const settled = await trackNotices(deps, notices, at);
      await job.updateData({ ...data, notices });
      if (settled || Date.now() - at.getTime() > TRACK_FOR_MS)
        return { channels: notices.length, ops: notices.flatMap((n) => n.ops.map((o) => o.status)) };
      await job.moveToDelayed(Date.now() + TRACK_EVERY_MS, token);
      throw new DelayedError();
    },
});
