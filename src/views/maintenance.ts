import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import { mentions } from '../domain/mentions';
import type { PlanDiff } from '../planner/diff';
import type { PlannedItem, UnplannedItem } from '../planner/planTypes';
import { progressOf, waveOf } from '../planner/progress';
import type { ItemState, PlanRecord, WatchState } from '../planner/record';
import { approvalItems, botWaves, watchesOf } from '../planner/stages';
import type { SlackMessage } from '../slack/message';
import { ACTION, type ActionId } from './actionIds';
import { context, fitBlocks, linesToSections, section } from './blocks';
import { checkedText, failureLines, partialNote } from './scanNotes';
import { code, esc } from './text';
import { slackDate, withDates } from './time';

/** What the plan message needs besides the record: each account's approvers, events not in the plan. */
export interface PlanView {
  record: PlanRecord;
  approvers: Record<string, string[]>;
  /** Open events that appeared after approval (keys as the planner makes them). */
  notInPlan?: string[];
  /** "Ahead" is counted from here (default: when the plan was made). */
  now?: Date;
}

const ACTION_TEXT: Record<PlannedItem['action'], string> = {
  reschedule: "move AWS's start to this time",
  reboot: 'reboot (reboot migration) before AWS acts',
  recover: 'stop + start onto a new host before AWS acts',
  aws: 'AWS acts in your window (stays)',
};

const STATE_MARK: Record<ItemState | WatchState, string> = {
  queued: ':hourglass_flowing_sand:',
  done: ':white_check_mark:',
  failed: ':x:',
  skipped: ':fast_forward:',
  'not-cleared': ':repeat:',
  watching: ':eyes:',
  standby: ':pause_button:',
  starting: ':arrow_forward:',
};

/** A `why` line: escaped, then the planner's date tokens as Slack dates (src/views/time.ts). */
export const whyText = (why: string[]): string => withDates(esc(why.join('; ')));

/** The instance of an item as every line names it: id and Name tag. */
export const itemLabel = (i: { instanceId: string; name?: string }): string =>
  `${code(i.instanceId)}${i.name ? ` ${esc(i.name)}` : ''}`;

const who = (i: { account: string; region: string; instanceId: string; name?: string }): string =>
  `${code(i.account)} ${esc(i.region)} ${itemLabel(i)}`;

const when = (iso: string | undefined): string => (iso ? slackDate(new Date(iso)) : 'its own time');

/** AWS's time → the plan's time (the same moment for an event that stays). */
function timeLine(i: PlannedItem): string {
  const aws = when(i.awsAt);
  if (i.action === 'aws') return `AWS's time ${aws} (kept)`;
  return `AWS's time ${aws} → plan's time ${slackDate(new Date(i.at))}`;
}

function itemLine(i: PlannedItem, r: PlanRecord): string {
  const state = r.state === 'proposed' ? undefined : (r.watches?.[i.key] ?? r.items[i.key]);
  const mark = state ? `${STATE_MARK[state]} ` : '• ';
  const group = i.group ? ` · group ${code(i.group)}${i.az ? ` ${esc(i.az)}` : ''}` : '';
  return `${mark}${who(i)} — *${ACTION_TEXT[i.action]}* (${code(i.code)})${group}\n      ${timeLine(i)}\n      _${whyText(i.why)}_`;
}

function waveLines(r: PlanRecord): string[] {
  const waves = botWaves(r.plan);
  return waves.flatMap((w, n) => [
    `*Wave ${n + 1} of ${waves.length}* — ${slackDate(new Date(w.at))} (${w.items.length} instance${w.items.length === 1 ? '' : 's'})`,
    ...w.items.map((i) => itemLine(i, r)),
  ]);
}

function awsTimedLines(r: PlanRecord): string[] {
  const items = r.plan.waves
    .flatMap((w) => w.items)
    .filter((i) => i.action === 'aws' || i.action === 'reschedule');
  return items.length
    ? [
        '*AWS acts at these times* (moved into a window, or already inside one)',
        ...items.map((i) => itemLine(i, r)),
      ]
    : [];
}

function unplannedLines(r: PlanRecord): string[] {
  const items = r.plan.unplanned;
  const person = items.filter((u) => u.person);
  const conflicts = items.filter((u) => u.conflict && !u.person);
  const aws = items.filter((u) => !u.conflict && !u.person);
  const line = (u: UnplannedItem): string => {
    const state = r.state === 'proposed' ? undefined : r.watches?.[u.key];
    const mark = state ? `${STATE_MARK[state]} ` : '• ';
    return `${mark}${who(u)} ${code(u.code)} — AWS acts ${when(u.awsAt)}\n      _${whyText(u.why)}_`;
  };
  const personLine = (u: UnplannedItem): string =>
    `• ${who(u)} ${code(u.code)} — *needs a person before ${when(u.awsAt)}*: ${esc(u.person ?? '')}\n      _${whyText(u.why)}_`;
  return [
    ...(person.length
      ? ['*Needs a person* (AWS terminates these; never counted done)', ...person.map(personLine)]
      : []),
    ...(conflicts.length ? ['*Conflicts the plan could not resolve*', ...conflicts.map(line)] : []),
    ...(aws.length ? ['*AWS acts on these itself* (nothing the bot runs moves them)', ...aws.map(line)] : []),
  ];
}

export function diffLine(d: PlanDiff): string {
  if (d.first) return 'First plan for this target.';
  if (!d.added.length && !d.removed.length && !d.moved.length) return 'Same as the last plan.';
  const part = (n: number, w: string) => (n ? [`${n} ${w}`] : []);
  const keys = (ks: string[]) =>
    ks
      .slice(0, 5)
      .map((k) => itemLabel({ instanceId: k.split('|')[2] ?? k, name: d.names?.[k] }))
      .join(', ');
  return [
    `Since the last plan: ${[...part(d.added.length, 'new'), ...part(d.moved.length, 'moved'), ...part(d.removed.length, 'gone')].join(', ')}.`,
    ...(d.added.length ? [`new: ${keys(d.added)}`] : []),
    ...(d.moved.length ? [`moved: ${keys(d.moved.map((m) => m.key))}`] : []),
    ...(d.removed.length ? [`gone: ${keys(d.removed)}`] : []),
  ].join(' ');
}

function stateLine(v: PlanView): string {
  const r = v.record;
  const pending = Object.keys(r.approvals).filter((a) => !r.approvedBy[a]);
  const approved = Object.entries(r.approvedBy).map(([a, u]) => `${code(a)} by <@${u}>`);
  const now = v.now ?? new Date(r.plan.now);
  switch (r.state) {
    case 'proposed':
      return `:memo: Needs an approval for each account: ${pending.map((a) => `${code(a)} (${mentions(v.approvers[a] ?? []) || 'no approvers configured'})`).join(', ')}${approved.length ? `. Approved: ${approved.join(', ')}` : ''}.`;
    case 'approved':
    case 'running':
      return `:arrow_forward: Approved (${approved.join(', ')}). ${headline(r, now)}`;
    case 'paused':
      return `:warning: *Stopped at stage ${r.stage + 1}*: ${esc(r.failure ?? 'an operation failed')}. Later waves wait — Retry, Skip or Abort. ${headline(r, now)}`;
    case 'done': {
      const p = progressOf(r, now);
      return p.ahead.length
        ? `:hourglass: Waves run. ${headline(r, now)}`
        : `:white_check_mark: Done. ${headline(r, now)}`;
    }
    case 'cancelled':
      return `:no_entry: Cancelled${r.cancelledBy ? ` by <@${r.cancelledBy}>` : ''}. ${heldLine(r)} ${headline(r, now)}`;
    case 'superseded':
      return ':zzz: Superseded by a newer plan for the same accounts.';
  }
}

/** What a cancelled plan held (nothing of it runs any more). */
function heldLine(r: PlanRecord): string {
  const items = r.plan.waves.flatMap((w) => w.items);
  const bot = items.filter((i) => i.action === 'reboot' || i.action === 'recover').length;
  const moves = items.filter((i) => i.action === 'reschedule').length;
  const watches = watchesOf(r.plan).length;
  return `It held ${bot} bot action${bot === 1 ? '' : 's'} in ${botWaves(r.plan).length} wave${botWaves(r.plan).length === 1 ? '' : 's'}, ${moves} event move${moves === 1 ? '' : 's'} and ${watches} start${watches === 1 ? '' : 's'} after AWS's stop; none of the rest runs.`;
}

/**
 * The headline: done only when every item is past — the bot's own actions done and every AWS action
 * (moved, kept, left, terminations) behind us; until then "N done · M AWS actions ahead (first <date>)".
 */
export function headline(r: PlanRecord, now: Date): string {
  const p = progressOf(r, now);
  const first = p.ahead
    .map((i) => ('action' in i ? i.at : (i.awsAt ?? ''))) // a moved event: when AWS acts now
    .filter(Boolean)
    .sort()[0];
  const failed = p.failed ? ` · ${p.failed} failed` : '';
  const notCleared = p.notCleared ? ` · ${p.notCleared} not cleared` : '';
  const ahead = p.ahead.length
    ? ` · ${p.ahead.length} AWS action${p.ahead.length === 1 ? '' : 's'} ahead${first ? ` (first ${slackDate(new Date(first))})` : ''}`
    : '';
  return `${p.done} done${failed}${notCleared}${ahead}.`;
}

const button = (text: string, id: ActionId, value: string, style?: 'primary' | 'danger'): Button => ({
  type: 'button',
  text: { type: 'plain_text', text },
  action_id: id,
  value,
  ...(style ? { style } : {}),
});

function buttons(v: PlanView): ActionsBlock | undefined {
  const r = v.record;
  const planned = approvalItems(r.plan).length;
  const out: Button[] = [];
  if (r.state === 'proposed' && planned)
    out.push({
      ...button('Approve plan', ACTION.maintenanceApprove, r.id, 'primary'),
      confirm: {
        title: { type: 'plain_text', text: 'Approve the maintenance plan?' },
        text: {
          type: 'mrkdwn',
          text: `${planned} instance${planned === 1 ? '' : 's'} in ${botWaves(r.plan).length} wave${botWaves(r.plan).length === 1 ? '' : 's'}: events move, instances are rebooted or stopped and started in their windows, and instances AWS stops are started again. Your approval counts for every account above you approve for.`,
        },
        confirm: { type: 'plain_text', text: 'Approve' },
        deny: { type: 'plain_text', text: 'Not yet' },
      },
    });
  if (r.state === 'paused')
    out.push(
      button('Retry', ACTION.maintenanceRetry, r.id, 'primary'),
      button('Skip', ACTION.maintenanceSkip, r.id),
      button('Abort', ACTION.maintenanceAbort, r.id, 'danger'),
    );
  if (v.notInPlan?.length) out.push(button('Re-plan', ACTION.maintenanceReplan, r.id));
  return out.length ? { type: 'actions', elements: out } : undefined;
}

/** The one plan message: summary, state, diff, waves, conflicts, buttons — updated in place as it runs. */
export function maintenanceMessage(v: PlanView): SlackMessage {
  const r = v.record;
  const p = r.plan;
  const planned = p.waves.reduce((n, w) => n + w.items.length, 0);
  const waves = botWaves(p).length;
  const person = p.unplanned.filter((u) => u.person).length;
  const where = r.scan
    ? `${checkedText(r.scan.checked, r.scan.failures)}${partialNote(r.scan.failures)}`
    : r.accounts.map(code).join(', ');
  const title = `*Maintenance plan — ${esc(r.target)}* (next ${r.days} days, checked ${where}): ${planned} instance${planned === 1 ? '' : 's'} planned, ${waves} bot wave${waves === 1 ? '' : 's'}, ${p.unplanned.filter((u) => u.conflict && !u.person).length} conflicts, ${p.unplanned.filter((u) => !u.conflict && !u.person).length} left to AWS${person ? `, ${person} need${person === 1 ? 's' : ''} a person` : ''}.`;
  const lines = [
    ...failureLines(r.scan?.failures ?? []),
    ...waveLines(r),
    ...awsTimedLines(r),
    ...unplannedLines(r),
    ...(v.notInPlan?.length
      ? [
          `*Not in the plan* (arrived after approval): ${v.notInPlan
            .slice(0, 10)
            .map((k) => code(k.split('|')[2]))
            .join(', ')}`,
        ]
      : []),
  ];
  const actions = buttons(v);
  const blocks: KnownBlock[] = [
    section(title),
    context(`${stateLine(v)}\n${diffLine(r.diff)}`),
    ...linesToSections(lines.length ? lines : ['No open scheduled events.']),
  ];
  const fitted = fitBlocks(blocks, (n) => `${n} more sections — see \`/ec2 maintenance status\``);
  return {
    text: `Maintenance plan — ${r.target}: ${planned} instances planned, ${waves} bot waves (${r.state})`,
    blocks: actions ? [...fitted.slice(0, 49), actions] : fitted,
  };
}

/** `/ec2 maintenance status`: recent plans, newest first: state, wave k of n, done / failed / ahead. */
export function maintenanceStatusView(plans: PlanRecord[], now?: Date): SlackMessage {
  if (!plans.length)
    return {
      text: 'No maintenance plans yet.',
      blocks: [section('No maintenance plans yet — `/ec2 maintenance plan <account|all>`.')],
    };
  const lines = plans.map((r) => {
    const at = now ?? new Date(r.plan.now);
    const { k, n } = waveOf(r);
    const next = botWaves(r.plan)[0];
    const wave = !n
      ? 'no bot waves'
      : r.state === 'proposed'
        ? `${n} wave${n === 1 ? '' : 's'}${next ? `, first ${slackDate(new Date(next.at))}` : ''}`
        : r.state === 'done'
          ? `${n} of ${n} waves run`
          : `wave ${k} of ${n}`;
    return `${code(r.state)} *${esc(r.target)}* ${code(r.id)} — ${wave}; ${headline(r, at)}${r.failure ? ` Stopped: ${esc(r.failure)}` : ''}`;
  });
  return {
    text: `${plans.length} maintenance plans`,
    blocks: [section('*Maintenance plans*'), ...linesToSections(lines)],
  };
}

/** A thread line: the item ran but AWS's event is still open (or its wave came too late); what the plan does now. */
export function notClearedLine(
  i: PlannedItem,
  placed?: PlannedItem,
  left?: UnplannedItem,
  late = false,
): string {
  const then = placed
    ? `re-planned: *${ACTION_TEXT[placed.action]}* at ${slackDate(new Date(placed.at))}`
    : left
      ? `left to AWS: ${whyText(left.why)}`
      : 'the plan could not re-read it: run /ec2 maintenance plan again';
  if (late)
    return `:hourglass: ${itemLabel(i)} (${code(i.code)}): the wave before it ran long — its ${i.action === 'reboot' ? 'reboot' : 'stop + start'} no longer fits before AWS acts or its window closes; ${then}.`;
  return `:repeat: ${itemLabel(i)} (${code(i.code)}): the ${i.action === 'reboot' ? 'reboot' : 'stop + start'} ran but AWS's event is still open — *not cleared*; ${then}.`;
}

const WATCH_TEXT = {
  'entered-standby': (g: string) =>
    `entered standby in Auto Scaling group ${g} before AWS's stop, so the group does not replace it when AWS stops it; the bot starts it after the stop and returns it to service`,
  'standby-failed': (g: string) =>
    `could not put it in standby in Auto Scaling group ${g} before AWS's stop (see the log): the group may replace it when AWS stops it`,
  starting: (g?: string) =>
    `AWS stopped it at its event time — starting it again (the start waits for the status checks${g ? `, then returns it to service in ${g}` : ''})`,
  started: (g?: string) =>
    `running again after AWS's stop: status checks pass and AWS's event is gone${g ? `; returned to service in ${g}` : ''}`,
  gone: (g?: string) =>
    `AWS's event is gone and it is running: nothing to start${g ? `; returned to service in ${g}` : ''}`,
  terminated: (g?: string) =>
    `it is terminated: nothing to start${g ? ` (it was a member of Auto Scaling group ${g})` : ''}`,
  'start-refused': () =>
    "AWS stopped it, but the start after AWS's stop was refused — start it by hand (/ec2 start)",
  'start-failed': (g?: string) =>
    `AWS stopped it and the start after AWS's stop failed — see the start's result above; it is still stopped${g ? ` (in standby in ${g}: /ec2 start starts it and returns it to service)` : ''}`,
  'aws-did-not-act': (g?: string) =>
    `AWS did not act within its window (the event is still open): the bot stops watching${g ? `, returned to service in ${g}` : ''}; plan it again`,
  cancelled: (g?: string) =>
    `the plan was cancelled before AWS acted${g ? `: returned to service in ${g}` : ''}; AWS's event is still ahead`,
} as const;

/**
 * A thread line of a start after AWS's stop. `group`: the Auto Scaling group the bot put the member in
 * standby in (and returned it to), when it did.
 */
export function watchLine(
  i: { instanceId: string; name?: string; code: string },
  what: keyof typeof WATCH_TEXT,
  group?: string,
): string {
  const mark =
    what === 'started' || what === 'gone'
      ? ':white_check_mark:'
      : what === 'starting'
        ? ':arrow_forward:'
        : what === 'entered-standby'
          ? ':pause_button:'
          : ':warning:';
  return `${mark} ${itemLabel(i)} (${code(i.code)}): ${esc(WATCH_TEXT[what](group ?? ''))}.`;
}
