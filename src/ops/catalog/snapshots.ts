import { z } from 'zod';
import { entry } from '../entry';

export const SNAPSHOTS = entry({
  name: 'snapshots',
  scope: 'account',
  label: 'Apply retention',
  destructive: true,
  params: z.object({ regions: z.array(z.string().max(32)).max(40).optional() }).strict(),
});
