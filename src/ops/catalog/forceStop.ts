import { z } from 'zod';
import { entry } from '../entry';

export const FORCE_STOP = entry({
  name: 'force-stop',
  scope: 'instance',
  label: 'Force stop',
  destructive: true,
  command: { names: ['force-stop'], help: 'force a stop stuck in stopping (no clean OS shutdown)' },
  params: z.object({}).strict(),
});
