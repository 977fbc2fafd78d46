import { z } from 'zod';
import { entry } from '../entry';

export const STOP = entry({
  name: 'stop',
  scope: 'instance',
  label: 'Stop',
  destructive: true,
  stops: 'stop',
  command: { names: ['stop'], help: 'stop the instance' },
  params: z.object({}).strict(),
});
