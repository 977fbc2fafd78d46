import { z } from 'zod';
import { entry } from '../entry';

export const RECOVER = entry({
  name: 'recover',
  scope: 'instance',
  label: 'Recover',
  destructive: true,
  stops: 'stop-start',
  command: { names: ['recover'], help: 'stop + start onto a new host, then wait for the status checks' },
  params: z.object({}).strict(),
});
