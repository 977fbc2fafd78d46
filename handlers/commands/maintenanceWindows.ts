import type { WebDeps } from '../../src/deps';
import { resolveAccounts } from '../../src/domain/accounts';
import { AppError, ErrorCode } from '../../src/errors/appError';
import { MAINTENANCE_WINDOWS } from '../../src/jobs/maintenanceWindows';
import { OP_PLAN } from '../../src/jobs/opPlan';
import { isMember } from '../../src/ops/members';
import type { ResponseMessage } from '../../src/slack/message';
import { esc } from '../../src/views/text';
import { enqueueQuery } from './enqueueQuery';
import type { CommandInput } from './types';

const USAGE =
  'Write `/ec2 maintenance windows <account|all>` or `/ec2 maintenance windows <account|all> apply`.';

/**
 * `/ec2 maintenance windows <account|all> [apply]` (also `windows apply <account|all>`). Without `apply`:
 * a job reads AWS's event windows per region and answers. With it: approvers only; one `event-windows`
 * operation per account, planned in a job and posted for approval like any operation.
 */
export async function maintenanceWindows(input: CommandInput, deps: WebDeps): Promise<ResponseMessage> {
  const words = input.parsed.args.slice(1);
  const apply = words.includes('apply');
  const rest = words.filter((w) => w !== 'apply');
  if (rest.length !== 1) throw new AppError(ErrorCode.BadInput, USAGE);
  const accounts = resolveAccounts(deps.config, rest[0]);
  const names = accounts.map((a) => a.alias).join(', ');
  if (!apply) {
    await enqueueQuery(deps, input, MAINTENANCE_WINDOWS, { accounts: accounts.map((a) => a.alias) });
    return { text: `Reading the instance event windows of ${esc(names)}…`, response_type: 'ephemeral' };
  }
  for (const a of accounts)
    if (!(await isMember(deps, a.approvers, input.userId)))
      throw new AppError(ErrorCode.Forbidden, `Only an approver of ${a.alias} may apply its event windows.`);
  const missing = accounts.filter((a) => !a.maintenance).map((a) => a.alias);
  if (missing.length)
    throw new AppError(ErrorCode.BadInput, `No maintenance: windows in the config of ${missing.join(', ')}.`);
  for (const a of accounts)
    await deps.queues.enqueue(
      OP_PLAN,
      {
        correlationId: input.correlationId,
        requester: input.userId,
        responseUrl: input.responseUrl,
        channel: input.channelId,
        op: 'event-windows',
        account: a.alias,
        params: {},
        origin: { kind: 'command' },
      },
      {
        jobId: `op-plan-windows-${a.alias}-${input.triggerId || input.correlationId}`.replace(
          /[^\w.-]/g,
          '_',
        ),
        attempts: 2,
      },
    );
  return {
    text: `Planning the event windows of ${esc(names)} from the config: each plan goes to this channel for approval.`,
    response_type: 'ephemeral',
  };
}
