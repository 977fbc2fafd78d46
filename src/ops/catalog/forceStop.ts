import { z } from 'zod';
import { entry } from '../entry';

export const FORCE_STOP = entry({
  name: 'force-stop',
  scope: 'instance',
  label: 'Force stop',
  destructive: true,
  stops: 'stop',
  offerConfirm:
    'Force stop: StopInstances with Force=true. The OS gets no clean shutdown (file-system caches are not flushed); instance-store data is lost and a public IPv4 without an Elastic IP is released. It goes through approval like a stop.',
  command: { names: ['force-stop'], help: 'force a stop stuck in stopping (no clean OS shutdown)' },
  params: z.object({}).strict(),
});
