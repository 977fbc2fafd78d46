import { z } from 'zod';
import { entry } from '../entry';
import { asgFlags, asgParams, parseAsgFlags } from './asg';

/** The confirm of the "Force stop + start" a stop + start offers when its stop hangs (≤ 300 characters). */
export const FORCE_STOP_START_CONFIRM =
  'Force stop + start: StopInstances with Force=true (no clean OS shutdown: file-system caches are not flushed), then StartInstances and all three status checks. Instance-store data is lost; a public IPv4 without an Elastic IP changes. Approval like a stop.';

export const FORCE_STOP = entry({
  name: 'force-stop',
  scope: 'instance',
  label: 'Force stop',
  destructive: true,
  stops: 'stop',
  offerConfirm:
    'Force stop: StopInstances with Force=true. The OS gets no clean shutdown (file-system caches are not flushed); instance-store data is lost and a public IPv4 without an Elastic IP is released. It goes through approval like a stop.',
  command: {
    names: ['force-stop'],
    flags: asgFlags,
    help: 'force a stop stuck in stopping (no clean OS shutdown; Auto Scaling member: --standby or --replace)',
    parse: parseAsgFlags,
  },
  params: z
    .object({
      ...asgParams,
      /**
       * Start it again afterwards (running, all three status checks, back in service): set on the Force
       * stop a stop + start (recover, resize) offers when its stop hangs, so the instance comes back.
       */
      thenStart: z.boolean().optional(),
    })
    .strict(),
});
