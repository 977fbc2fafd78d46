import type { Operation } from '../../src/config/schema';
import { resolveAccounts } from '../../src/domain/accounts';
import { AppError, ErrorCode } from '../../src/errors';
import { code, esc } from '../../src/views/text';
import { enqueueQuery } from './enqueueQuery';
import type { CommandHandler } from './types';

/**
 * `/ec2 <op> <account> <instance> [--dry-run] [--reboot]`: checks the words, acks at once and leaves
 * the rest (instance lookup, policy, plan) to the `op-plan` job — no AWS call before the ack.
 */
export const operationCommand =
  (op: Operation): CommandHandler =>
  async (input, deps) => {
    const [accountName, ref] = input.parsed.args;
    const [account] = resolveAccounts(deps.config, accountName, { allowAll: false });
    if (!account || !ref) {
      throw new AppError(
        ErrorCode.BadInput,
        `Usage: \`/ec2 ${op} <account> <instance id or Name> [--dry-run]\``,
      );
    }
    const dryRun = input.parsed.flags.has('dry-run');
    const params = op === 'backup' && input.parsed.flags.has('reboot') ? { reboot: true } : {};
    await enqueueQuery(deps, input, 'op-plan', {
      op,
      account: account.alias,
      ref,
      dryRun,
      params,
      triggerId: input.triggerId || undefined,
    });
    return {
      text: `${dryRun ? 'Dry run: planning' : 'Planning'} ${op} of ${code(ref)} in ${esc(account.alias)}…`,
      response_type: 'ephemeral',
    };
  };
