import { z } from 'zod';
import { QUEUE } from './queues';
import { jobSpec } from './spec';

/** `org-refresh`: lists the organization's accounts; at worker start and every `organization.refresh_minutes`. */
export const ORG_REFRESH = jobSpec({
  queue: QUEUE.schedules,
  name: 'org-refresh',
  schema: z.object({ correlationId: z.string().min(1).max(64) }),
});
