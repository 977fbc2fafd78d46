import { z } from 'zod';
import { entry } from '../entry';
import { asgFlags, asgParams, parseAsgFlags } from './asg';

export const STOP = entry({
  name: 'stop',
  scope: 'instance',
  label: 'Stop',
  destructive: true,
  stops: 'stop',
  command: {
    names: ['stop'],
    flags: asgFlags,
    help: 'stop the instance (Auto Scaling member: --standby or --replace)',
    parse: parseAsgFlags,
  },
  params: z.object(asgParams).strict(),
});
