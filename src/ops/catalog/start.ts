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
  confirm: (c) =>
    `Start ${c.name}${
      !c.read
        ? ': it gets a new public IPv4 unless an Elastic IP is attached'
        : c.read.hasElasticIp
          ? ''
          : ': it gets a new public IPv4 (no Elastic IP)'
    }${c.read?.spot ? '; Spot: only if capacity is available' : ''}.`,
  command: { names: ['start'], help: 'start a stopped instance, then wait for the status checks' },
  params: z.object(asgParams).strict(),
});
