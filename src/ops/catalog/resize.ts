import { z } from 'zod';
import { AppError, ErrorCode } from '../../errors/appError';
import { entry } from '../entry';

export const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;
const USAGE = 'Usage: `/ec2 resize <account> <instance> <type> [--dry-run]` (alias `migrate`).';

export const RESIZE = entry({
  name: 'resize',
  scope: 'instance',
  label: 'Resize',
  destructive: true,
  stops: 'resize',
  command: {
    names: ['resize', 'migrate'],
    rest: '<type>',
    help: 'type change / Xen→Nitro migration, with AMI backup and rollback',
    parse(rest) {
      const [type, ...extra] = rest;
      if (!type || extra.length) throw new AppError(ErrorCode.BadInput, USAGE);
      const targetType = type.toLowerCase();
      if (!INSTANCE_TYPE.test(targetType))
        throw new AppError(ErrorCode.BadInput, `\`${type}\` is not an instance type. ${USAGE}`);
      return { targetType };
    },
  },
  params: z.object({ targetType: z.string().regex(INSTANCE_TYPE) }).strict(),
});
