import { resolveAccounts } from '../../src/domain/accounts';
import { AppError, ErrorCode } from '../../src/errors/appError';
import { FIND } from '../../src/jobs/find';
import { code } from '../../src/views/text';
import { enqueueQuery } from './enqueueQuery';
import type { Command } from './types';

/** Ids, Name tags and EC2 filter wildcards (`*`, `?`); nothing that could smuggle markup or control text. */
const REF = /^[\w .:/@+=*?-]{1,255}$/;

/** `/ec2 find <account|all> <name|id> [--public]`: ack, then the `find` job answers. */
export const find: Command = {
  names: ['find'],
  usage: '<account> <name|id>',
  help: 'look an instance up',
  async run(input, deps) {
    const [name, ref] = input.parsed.args;
    const accounts = resolveAccounts(deps.config, name);
    if (!ref)
      throw new AppError(
        ErrorCode.BadInput,
        'Name an instance: `/ec2 find <account> <name|id>` (wildcards: `web-*`).',
      );
    if (!REF.test(ref)) {
      throw new AppError(ErrorCode.BadInput, `${code(ref)} is not an instance id or Name tag I can look up.`);
    }
    await enqueueQuery(deps, input, FIND, {
      accounts: accounts.map((a) => a.alias),
      public: input.parsed.flags.has('public'),
      target: name?.toLowerCase(),
      ref,
    });
    const where = accounts.length === 1 ? accounts[0]!.alias : `${accounts.length} accounts`;
    return { text: `Looking for ${code(ref)} in ${where}…`, response_type: 'ephemeral' };
  },
};
