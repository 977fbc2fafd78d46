import { z } from 'zod';
import { AppError, ErrorCode } from '../../errors/appError';
import { entry } from '../entry';
import { asgParams } from './asg';

export const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;
const USAGE = 'Usage: `/ec2 resize <account> <instance> <type> [--dry-run] [--standby]` (alias `migrate`).';

export const RESIZE = entry({
  name: 'resize',
  scope: 'instance',
  label: 'Resize',
  destructive: true,
  stops: 'resize',
  command: {
    names: ['resize', 'migrate'],
    rest: '<type>',
    flags: ['standby'],
    help: 'type change / Xen→Nitro migration, with AMI backup and rollback (Auto Scaling member: standby around it)',
    parse(rest, flags) {
      const [type, ...extra] = rest;
      if (!type || extra.length) throw new AppError(ErrorCode.BadInput, USAGE);
      const targetType = type.toLowerCase();
      if (!INSTANCE_TYPE.test(targetType))
        throw new AppError(ErrorCode.BadInput, `\`${type}\` is not an instance type. ${USAGE}`);
      // An Auto Scaling member leaves its group by standby (src/domain/autoScaling.ts): `--standby` asks
      // for it where the account's mode is leave; replace does not apply to a type change.
      return flags.has('standby') ? { targetType, asg: 'standby' } : { targetType };
    },
  },
  params: z.object({ targetType: z.string().regex(INSTANCE_TYPE), ...asgParams }).strict(),
});
