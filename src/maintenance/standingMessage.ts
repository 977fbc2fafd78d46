import { createHash } from 'node:crypto';
import type { Account } from '../config/types';
import type { Deps } from '../deps';
import { mentions } from '../domain/mentions';
import { quietWindow } from '../domain/quietHours';
import type { PlanRecord } from '../planner/record';
import type { StandingRecord } from '../planner/standingRecord';
import { type StandingView, standingMessage } from '../views/standing';
import { linkMessage } from './standingPlans';

const DAY_S = 24 * 3600;

/** The message model: the record, its waiting additions and its approved records (newest first). */
export async function standingView(deps: Deps, account: Account, s: StandingRecord): Promise<StandingView> {
  const store = deps.stores.plans;
  const additions = s.additionsId ? await store.get(s.additionsId) : undefined;
  const plans = (
    await Promise.all(
      [...s.planIds]
        .reverse()
        .slice(0, 10)
        .map((id) => store.get(id)),
    )
  ).filter((r): r is PlanRecord => !!r);
  return {
    record: s,
    ...(additions?.state === 'proposed' ? { additions } : {}),
    plans,
    sweepMinutes: account.maintenance?.sweep_minutes ?? 5,
    autoApprove: account.maintenance?.auto_approve ?? [],
  };
}

/**
 * Posts the account's standing plan message once, then updates it in place when what it says changed
 * (the sweep time alone does not). New additions mention the approvers in its thread — at most once a
 * day, and never during the account's quiet hours (the weekly digest lists what waits).
 */
export async function renderStanding(
  deps: Deps,
  account: Account,
  s: StandingRecord,
  newAdditions: boolean,
): Promise<void> {
  if (!s.channel) return;
  const view = await standingView(deps, account, s);
  const shown = createHash('sha1')
    .update(JSON.stringify(standingMessage({ ...view, record: { ...s, lastSweep: undefined } })))
    .digest('hex');
  const message = standingMessage(view);
  if (!s.ts) {
    const posted = await deps.notifier.post(s.channel, message);
    s.ts = posted.ts;
    s.channel = posted.channel;
  } else if (shown !== s.shown) await deps.notifier.update(s.channel, s.ts, message);
  s.shown = shown;
  await linkMessage(deps, s);
  if (newAdditions && view.additions) await mentionApprovers(deps, account, s);
}

async function mentionApprovers(deps: Deps, account: Account, s: StandingRecord): Promise<void> {
  const why =
    !s.channel || !s.ts || !account.approvers.length
      ? 'no channel or no approvers'
      : quietWindow(account.quiet_hours, deps.now()).quiet
        ? 'quiet hours: the digest lists what waits'
        : !(await deps.stores.standing.mentionDue(account.alias, DAY_S))
          ? 'mentioned in the last day'
          : undefined;
  deps.log.info({ account: account.alias, skipped: why }, 'standing plan: approvers mention');
  if (why || !s.channel) return;
  const text = `:memo: ${mentions(account.approvers)} new events joined the standing maintenance plan of ${account.alias}: the proposed additions wait for one Approve.`;
  await deps.notifier
    .post(s.channel, { text, thread_ts: s.ts })
    .catch((err) => deps.log.warn({ err, account: account.alias }, 'standing plan mention failed'));
}
