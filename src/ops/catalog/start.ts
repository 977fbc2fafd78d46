import { z } from 'zod';
import { entry } from '../entry';
import { asgParams } from './asg';

/** Start changes nothing that was not already lost by the stop: no approval unless the account asks. */
export const START = entry({
  name: 'start',
  scope: 'instance',
  label: 'Start',
  destructive: false,
  approvalByDefault: false,
  command: { names: ['start'], help: 'start a stopped instance, then wait for the status checks' },
  params: z.object(asgParams).strict(),
});
