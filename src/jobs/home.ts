import { z } from 'zod';
import { basePayload } from './payload';
import { QUEUE } from './queues';
import { jobSpec } from './spec';

/** `home`: build and publish one user's App Home tab (Slack's `app_home_opened`). Reads Redis only. */
export const HOME = jobSpec({
  queue: QUEUE.query,
  name: 'home',
  schema: basePayload.extend({ user: z.string().regex(/^[UW][A-Z0-9]{2,30}$/) }),
});
