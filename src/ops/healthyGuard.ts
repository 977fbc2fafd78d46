import { AUTO_RECOVERY_FAILURE } from '../domain/healthEvent';
import type { PlanContext } from './spec';

/** Alerts about failing status checks (CloudWatch alarms, AWS's failed automatic recovery). */
const isStatusCheckType = (type: string): boolean =>
  type.startsWith('StatusCheckFailed') || type === AUTO_RECOVERY_FAILURE;

/**
 * Was this request raised by a status-check alert? The bot's auto-recover always is. A scheduled-event
 * alert (a Health retirement or maintenance notice) is not: it arrives while the checks pass, and its
 * Stop/Start now must work. An alert the store no longer has counts as a status-check one (refuse
 * rather than stop a healthy instance on a stale button).
 */
async function fromStatusCheckAlert(ctx: PlanContext): Promise<boolean> {
  const o = ctx.req.origin;
  if (o?.kind === 'auto') return true;
  if (o?.kind !== 'alert') return false;
  if (!o.id) return true;
  const alert = await ctx.deps.stores.alerts.get(o.id);
  return !alert || isStatusCheckType(alert.type);
}

/**
 * A Recover asked from a status-check alert (its button, or the bot's auto-recover) on an instance whose
 * status checks pass again has nothing to recover: a stop + start would take a healthy instance down a
 * second time (issue 14 point 8). One DescribeInstanceStatus, in the worker's plan. A recover asked with
 * `/ec2 recover`, from `/ec2 events` or from a scheduled-event alert is not checked (issue 20 point 6).
 */
export async function healthyNow(ctx: PlanContext): Promise<string[]> {
  const i = ctx.instance;
  if (!ctx.ec2 || !i || i.state !== 'running') return [];
  if (!(await fromStatusCheckAlert(ctx))) return [];
  const c = await ctx.ec2.statusChecks(i.id);
  if (c.system !== 'ok' || c.instance !== 'ok') return [];
  return [
    `its status checks pass now (system ok, instance ok): nothing to recover from this alert. To stop and start it anyway, ask with \`/ec2 recover ${ctx.account.alias} ${i.id}\`.`,
  ];
}
