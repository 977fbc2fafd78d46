import { z } from 'zod';
import { basePayload } from '../../src/jobDefinition';
import { runProgress } from '../snapshots-apply/schema';

/** `schedules` job `snapshots-scheduled`: the template every account's job scheduler enqueues. */
export const snapshotsScheduledPayload = basePayload.extend({
  account: z.string().min(1).max(32),
  progress: runProgress.optional(),
});
