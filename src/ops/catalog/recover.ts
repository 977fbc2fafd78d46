import { z } from 'zod';
import { entry } from '../entry';
import { asgFlags, asgParams, parseAsgFlags } from './asg';

export const RECOVER = entry({
  name: 'recover',
  scope: 'instance',
  label: 'Recover',
  destructive: true,
  stops: 'stop-start',
  command: {
    names: ['recover'],
    flags: asgFlags,
    help: 'stop + start onto a new host, then wait for the status checks (Auto Scaling member: --standby or --replace)',
    parse: parseAsgFlags,
  },
  params: z.object(asgParams).strict(),
});
