import { ACCOUNTS } from '../../src/jobs/accounts';
import { enqueueQuery } from './enqueueQuery';
import type { Command } from './types';

export const accounts: Command = {
  names: ['accounts'],
  usage: '',
  help: 'role check for every account',
  async run(input, deps) {
    const n = deps.config.accounts.size;
    await enqueueQuery(deps, input, ACCOUNTS, {});
    return { text: `Checking the role in ${n} account${n === 1 ? '' : 's'}…`, response_type: 'ephemeral' };
  },
};
