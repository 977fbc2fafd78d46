import { z } from 'zod';
import { entry } from '../entry';

export const REBOOT = entry({
  name: 'reboot',
  scope: 'instance',
  label: 'Reboot',
  destructive: true,
  command: { names: ['reboot'], help: 'reboot, then wait for the status checks' },
  params: z.object({}).strict(),
});
