import { z } from 'zod';
import { entry } from '../entry';

export const HIBERNATE = entry({
  name: 'hibernate',
  scope: 'instance',
  label: 'Hibernate',
  destructive: true,
  stops: 'hibernate',
  command: { names: ['hibernate'], help: 'hibernate (stop with RAM saved; must be configured at launch)' },
  params: z.object({}).strict(),
});
