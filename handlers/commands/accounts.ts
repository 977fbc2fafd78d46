import { enqueueQuery } from './enqueueQuery';
import type { CommandHandler } from './types';

export const accounts: CommandHandler = async (input, deps) => {
  const n = deps.config.accounts.size;
  await enqueueQuery(deps, input, 'accounts');
  return { text: `Checking the role in ${n} account${n === 1 ? '' : 's'}…`, response_type: 'ephemeral' };
};
