import { resolveAccounts } from '../../src/domain/accounts';
import { requireSnapshotPolicy } from '../../src/domain/snapshotPolicy';
import { AppError, ErrorCode } from '../../src/errors';
import { startOperation } from '../../src/opsApi';
import { code, esc } from '../../src/views/text';
import { enqueueQuery } from './enqueueQuery';
import type { CommandHandler } from './types';

const USAGE =
  'Usage: `/ec2 snapshots <account> plan|apply` — `plan` shows what would change, `apply` runs it.';

/**
 * `/ec2 snapshots <account> plan|apply`. `plan` enqueues the dry-run; `apply` asks the operations
 * feature for an approval-gated run (never calls AWS here).
 */
export const snapshots: CommandHandler = async (input, deps) => {
  const [name, action = 'plan'] = input.parsed.args;
  if (!name) throw new AppError(ErrorCode.BadInput, USAGE);
  const [account] = resolveAccounts(deps.config, name, { allowAll: false });
  const policy = requireSnapshotPolicy(account!);
  const alias = account!.alias;
  if (action === 'plan') {
    await enqueueQuery(deps, input, 'snapshots-plan', { account: alias });
    return {
      text: `Planning snapshot retention for ${esc(alias)} in ${policy.regions.map(esc).join(', ')}… (dry run: nothing changes)`,
      response_type: 'ephemeral',
    };
  }
  if (action !== 'apply') throw new AppError(ErrorCode.BadInput, `Unknown action ${code(action)}. ${USAGE}`);
  try {
    const started = await startOperation(deps, {
      op: 'snapshots',
      account: alias,
      requester: input.userId,
      params: { regions: policy.regions },
      channel: input.channelId,
      responseUrl: input.responseUrl,
      origin: { kind: 'command' },
      correlationId: input.correlationId,
    });
    const state =
      started.state === 'awaiting-approval'
        ? 'waiting for approval — the request is posted in the channel'
        : 'queued — progress in the channel thread';
    return {
      text: `Snapshot retention for ${esc(alias)}: ${state} (${code(started.id)}).`,
      response_type: 'ephemeral',
    };
  } catch (err) {
    if (!(err instanceof AppError && err.code === ErrorCode.NotAvailable)) throw err;
    return {
      text:
        `:information_source: \`apply\` needs approvals, which this version of the bot does not have yet — nothing was changed. ` +
        `\`/ec2 snapshots ${esc(alias)} plan\` shows what would change; the schedule ${code(policy.schedule)} (${esc(policy.tz)}) ` +
        `applies the policy on its own. (${err.code}, ref ${input.correlationId})`,
      response_type: 'ephemeral',
    };
  }
};
