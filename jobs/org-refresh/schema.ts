import { z } from 'zod';
import { jobSpec } from '../../src/jobSpec';
import { QUEUE } from '../../src/queues';

/** `org-refresh`: lists the organization's accounts; at worker start and every `organization.refresh_minutes`. */
export const ORG_REFRESH = jobSpec({
  queue: QUEUE.schedules,
  name: 'org-refresh',
  schema: z.object({ correlationId: z.string().min(1).max(64) }),
});
