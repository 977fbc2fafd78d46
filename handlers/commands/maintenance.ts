import { resolveAccounts } from '../../src/domain/accounts';
import { AppError, ErrorCode } from '../../src/errors/appError';
import { MAINTENANCE_PLAN } from '../../src/jobs/maintenancePlan';
import { cancelPlan } from '../../src/maintenance/decide';
import { maintenanceStatusView } from '../../src/views/maintenance';
import { esc } from '../../src/views/text';
import { enqueueQuery } from './enqueueQuery';
import { maintenanceWindows } from './maintenanceWindows';
import type { Command, CommandInput } from './types';

const ACTIVE = new Set(['proposed', 'approved', 'running', 'paused']);

/** `--days 14`, `--days=14`: the number after the flag (parseCommand leaves it among the args). */
function daysOf(input: CommandInput): number {
  const flag = [...input.parsed.flags].find((f) => f.startsWith('days'));
  if (!flag) return 14;
  const raw = flag.includes('=') ? flag.split('=')[1] : input.parsed.args.find((a) => /^\d+$/.test(a));
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 60)
    throw new AppError(
      ErrorCode.BadInput,
      `--days takes a whole number of days from 1 to 60, not "${esc(raw ?? '')}".`,
    );
  return n;
}

/**
 * `/ec2 maintenance plan <account|all> [--days N]` (a job scans and plans, then posts the plan for
 * approval), `status` (recent plans, from Redis), `cancel [plan id]` (approvers; the newest active plan).
 */
export const maintenance: Command = {
  names: ['maintenance'],
  usage: 'plan <account|all> [--days N] | status | cancel | windows <account|all> [apply]',
  help: 'plan every open event into the maintenance windows, approve once, run in safe waves',
  async run(input, deps) {
    const [verb = 'status', name] = input.parsed.args;
    const store = deps.stores.plans;
    if (verb === 'plan') {
      const accounts = resolveAccounts(deps.config, name);
      const days = daysOf(input);
      await enqueueQuery(deps, input, MAINTENANCE_PLAN, {
        accounts: accounts.map((a) => a.alias),
        target: (name ?? '').toLowerCase(),
        days,
      });
      return {
        text: `Planning maintenance for ${accounts.map((a) => a.alias).join(', ')} over the next ${days} days…`,
        response_type: 'ephemeral',
      };
    }
    if (verb === 'windows') return maintenanceWindows(input, deps);
    if (verb === 'status')
      return { ...maintenanceStatusView(await store.recent(10), deps.now()), response_type: 'ephemeral' };
    if (verb === 'cancel') {
      const plans = await store.recent(50);
      const r = name ? plans.find((p) => p.id === name) : plans.find((p) => ACTIVE.has(p.state));
      if (!r) throw new AppError(ErrorCode.BadInput, 'No active maintenance plan to cancel.');
      await cancelPlan(deps, { planId: r.id, user: input.userId, correlationId: input.correlationId });
      return {
        text: `Cancelled maintenance plan ${r.id} (${esc(r.target)}). Operations already running finish; no new wave starts.`,
        response_type: 'ephemeral',
      };
    }
    throw new AppError(
      ErrorCode.BadInput,
      'Write `/ec2 maintenance plan <account|all> [--days N]`, `status` or `cancel`.',
    );
  },
};
