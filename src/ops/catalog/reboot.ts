import { z } from 'zod';
import { entry } from '../entry';

export const REBOOT = entry({
  name: 'reboot',
  scope: 'instance',
  label: 'Reboot',
  destructive: true,
  confirm: (c) =>
    c.rebootMigration
      ? `Reboot ${c.name}: AWS tries reboot migration to new hardware (then the event clears); if that fails it is an in-place reboot and the event stays. IPs and instance-store data are kept; RAM is lost.`
      : `Reboot the OS of ${c.name} in place: same host, same IPs, instance-store data kept; what is in RAM is lost.`,
  command: { names: ['reboot'], help: 'reboot, then wait for the status checks' },
  params: z.object({}).strict(),
});
