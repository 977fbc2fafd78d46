import { AppError, ErrorCode } from '../../src/errors/appError';
import { NITRO } from '../../src/jobs/nitro';
import { code, esc } from '../../src/views/text';
import { enqueueQuery } from './enqueueQuery';
import type { Command } from './types';

/** `/ec2 nitro <account|all>`: enqueues the fleet readiness scan and acks. Never calls AWS. */
export const nitro: Command = {
  names: ['nitro'],
  usage: '<account|all>',
  help: 'fleet migration readiness',
  async run(input, deps) {
    const [account, ...rest] = input.parsed.args;
    if (!account || rest.length > 0)
      throw new AppError(ErrorCode.BadInput, 'Usage: `/ec2 nitro <account|all>`.');
    if (account !== 'all' && !deps.config.accounts.has(account))
      throw new AppError(
        ErrorCode.UnknownAccount,
        `Unknown account ${code(account)}. Known: ${[...deps.config.accounts.keys()].map(esc).join(', ')}, or \`all\`.`,
      );
    await enqueueQuery(deps, input, NITRO, { account });
    return {
      text: `Looking for instances on the Xen hypervisor in ${esc(account)}…`,
      response_type: 'ephemeral',
    };
  },
};
