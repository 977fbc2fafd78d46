import { z } from 'zod';
import { entry } from '../entry';

/** Moving AWS's start time touches nothing on the instance: no approval unless the account asks. */
export const RESCHEDULE = entry({
  name: 'reschedule',
  scope: 'instance',
  label: 'Reschedule',
  destructive: false,
  approvalByDefault: false,
  params: z.object({ eventId: z.string().min(1).max(64), notBefore: z.string().datetime() }).strict(),
});
