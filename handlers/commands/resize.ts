import { AppError, ErrorCode } from '../../src/errors';
import { INSTANCE_TYPE } from '../../src/ops/resizePlanner';
import { code, esc } from '../../src/views/text';
import { enqueueQuery } from './enqueueQuery';
import type { CommandHandler } from './types';

const USAGE = 'Usage: `/ec2 resize <account> <instance> <type> [--dry-run]` (alias `migrate`).';

/** `/ec2 resize|migrate`: validates, enqueues the preflight, acks. Never calls AWS. */
export const resize: CommandHandler = async (input, deps) => {
  const [account, instance, type, ...rest] = input.parsed.args;
  if (!account || !instance || !type || rest.length > 0) throw new AppError(ErrorCode.BadInput, USAGE);
  if (!deps.config.accounts.has(account))
    throw new AppError(
      ErrorCode.UnknownAccount,
      `Unknown account ${code(account)}. Known: ${[...deps.config.accounts.keys()].map(esc).join(', ')}.`,
    );
  const targetType = type.toLowerCase();
  if (!INSTANCE_TYPE.test(targetType))
    throw new AppError(ErrorCode.BadInput, `${code(type)} is not an instance type. ${USAGE}`);
  const dryRun = input.parsed.flags.has('dry-run');
  await enqueueQuery(deps, input, 'resize-plan', { account, instance, targetType, dryRun });
  return {
    text: `Checking ${code(instance)} in ${esc(account)} for ${code(targetType)}${dryRun ? ' (dry run)' : ''}…`,
    response_type: 'ephemeral',
  };
};
