import { resolveAccounts } from '../../src/domain/accounts';
import { requireSnapshotPolicy } from '../../src/domain/snapshotPolicy';
import { AppError, ErrorCode, quoted } from '../../src/errors/appError';
import { OP_PLAN } from '../../src/jobs/opPlan';
import { SNAPSHOTS_PLAN } from '../../src/jobs/snapshotsPlan';
import { requiresApproval } from '../../src/ops/catalog';
import { esc } from '../../src/views/text';
import { enqueueQuery } from './enqueueQuery';
import type { Command } from './types';

const USAGE =
  'Usage: `/ec2 snapshots <account> plan|apply` — `plan` shows what would change, `apply` runs it.';

/**
 * `/ec2 snapshots <account> plan|apply`. `plan` enqueues the dry-run; `apply` asks the operations
 * feature, in a job, for an approval-gated run (never calls AWS here).
 */
export const snapshots: Command = {
  names: ['snapshots'],
  usage: '<account> plan|apply',
  help: 'EBS snapshot retention',
  async run(input, deps) {
    const [name, action = 'plan'] = input.parsed.args;
    if (!name) throw new AppError(ErrorCode.BadInput, USAGE);
    const [account] = resolveAccounts(deps.config, name, { allowAll: false });
    const policy = requireSnapshotPolicy(account!);
    const alias = account!.alias;
    if (action === 'plan') {
      await enqueueQuery(deps, input, SNAPSHOTS_PLAN, { account: alias });
      return {
        text: `Planning snapshot retention for ${esc(alias)} in ${policy.regions.map(esc).join(', ')}… (dry run: nothing changes)`,
        response_type: 'ephemeral',
      };
    }
    if (action !== 'apply')
      throw new AppError(ErrorCode.BadInput, `Unknown action ${quoted(action)}. ${USAGE}`);
    // The plan behind the approval reads AWS (snapshots per region), so it runs in a job, after the ack.
    await enqueueQuery(deps, input, OP_PLAN, {
      op: 'snapshots',
      account: alias,
      params: { regions: policy.regions },
      origin: { kind: 'command' },
      triggerId: input.triggerId || undefined,
    });
    return {
      text: `Preparing a snapshot retention run for ${esc(alias)} in ${policy.regions.map(esc).join(', ')}: the plan goes to this channel${requiresApproval(account!, 'snapshots') ? ' for approval' : ''}.`,
      response_type: 'ephemeral',
    };
  },
};
