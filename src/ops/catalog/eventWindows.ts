import { z } from 'zod';
import { entry } from '../entry';

/** `/ec2 maintenance windows <account|all> apply`: AWS's instance event windows from the config. */
export const EVENT_WINDOWS = entry({
  name: 'event-windows',
  scope: 'account',
  label: 'Apply event windows',
  destructive: false,
  approvalAlways: true,
  params: z.object({ regions: z.array(z.string().max(32)).max(40).optional() }).strict(),
});
