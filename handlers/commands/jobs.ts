import { resolveAccounts } from '../../src/domain/accounts';
import { recentOperations } from '../../src/ops/recent';
import { jobsView } from '../../src/views/operation';
import type { Command } from './types';

/** `/ec2 jobs [account]`: recent operations from Redis (no AWS call), answered in the ack. */
export const jobs: Command = {
  names: ['jobs'],
  usage: '[account]',
  help: 'recent operations',
  async run(input, deps) {
    const name = input.parsed.args[0];
    const account = name ? resolveAccounts(deps.config, name, { allowAll: false })[0]?.alias : undefined;
    const rows = await recentOperations(deps, account);
    return { ...jobsView(rows, account), response_type: 'ephemeral' };
  },
};
