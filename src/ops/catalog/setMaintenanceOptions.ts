import { z } from 'zod';
import { AppError, ErrorCode } from '../../errors/appError';
import { entry } from '../entry';

const state = z.enum(['default', 'disabled']);

const USAGE =
  'Usage: `/ec2 set-maintenance-options <account> <instance> [reboot-migration=on|off] [auto-recovery=on|off]` (no setting: both on).';

const word = (v: string | undefined): 'default' | 'disabled' => {
  if (v === 'on' || v === 'default') return 'default';
  if (v === 'off' || v === 'disabled') return 'disabled';
  throw new AppError(ErrorCode.BadInput, USAGE);
};

/** ModifyInstanceMaintenanceOptions: how AWS itself recovers and reboots the instance — always approved. */
export const SET_MAINTENANCE_OPTIONS = entry({
  name: 'set-maintenance-options',
  scope: 'instance',
  label: 'Set maintenance options',
  destructive: false,
  approvalAlways: true,
  command: {
    names: ['set-maintenance-options'],
    rest: '[reboot-migration=on|off] [auto-recovery=on|off]',
    help: 'turn reboot migration / automatic recovery on or off (approval)',
    parse(rest) {
      if (!rest.length) return { rebootMigration: 'default', autoRecovery: 'default' };
      const out: Record<string, string> = {};
      for (const r of rest) {
        const [k, v] = r.toLowerCase().split('=');
        if (k === 'reboot-migration') out.rebootMigration = word(v);
        else if (k === 'auto-recovery') out.autoRecovery = word(v);
        else throw new AppError(ErrorCode.BadInput, USAGE);
      }
      return out;
    },
  },
  params: z
    .object({ rebootMigration: state.optional(), autoRecovery: state.optional() })
    .strict()
    .refine((p) => p.rebootMigration || p.autoRecovery, 'name reboot-migration or auto-recovery'),
});
