import { z } from 'zod';
import { entry } from '../entry';

/** An AMI without a reboot changes nothing on the instance: no approval unless the account asks. */
export const BACKUP = entry({
  name: 'backup',
  scope: 'instance',
  label: 'Back up',
  destructive: false,
  approvalByDefault: false,
  // A button runs it without `--reboot`.
  confirm: (c) => `Create an AMI of ${c.name} without rebooting it (crash-consistent).`,
  command: {
    names: ['backup'],
    flags: ['reboot'],
    help: 'AMI backup of the instance (`--reboot` for a consistent image)',
    parse: (_rest, flags) => (flags.has('reboot') ? { reboot: true } : {}),
  },
  params: z.object({ reboot: z.boolean().optional() }).strict(),
});
