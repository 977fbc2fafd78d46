import type { OperationPlan } from '../opsApi';
import type { SlackMessage } from '../slack/message';
import { context, header, linesToSections, section } from './blocks';
import { code, esc } from './text';

const ICON = { pass: ':white_check_mark:', warn: ':warning:', block: ':no_entry:' } as const;

export interface DryRunCheck {
  call: string;
  result: 'allowed' | 'denied' | 'wrong-state' | 'error';
  detail?: string;
}

const DRY_TEXT: Record<DryRunCheck['result'], string> = {
  allowed: ':white_check_mark: the role may do it',
  denied: ':no_entry: the role is not allowed',
  'wrong-state': ':information_source: allowed; needs the instance stopped (the job stops it first)',
  error: ':warning: could not check',
};

const dryLine = (d: DryRunCheck): string =>
  `${code(d.call)} ${DRY_TEXT[d.result]}${d.detail ? ` (${esc(d.detail)})` : ''}`;

export const resizeDryRunText = (checks: DryRunCheck[]): string =>
  ['*Dry run (EC2 DryRun, nothing changed)*', ...checks.map(dryLine)].join('\n');

/** The resize plan: checklist, steps, warnings; dry-run checks when asked; a closing note. Pure. */
export function resizePlanView(
  plan: OperationPlan,
  opts: { dryRun?: DryRunCheck[]; note?: string } = {},
): SlackMessage {
  const checklist = (plan.checklist ?? []).map((c) => `${ICON[c.status]} ${esc(c.text)}`);
  const steps = plan.steps.map((s, n) => `${n + 1}. ${esc(s)}`);
  const blocked = plan.blockers.length > 0;
  const verdict = blocked
    ? `:no_entry: Blocked: ${plan.blockers.map(esc).join('; ')}`
    : ':white_check_mark: No blockers.';
  const lines = ['*Preflight*', ...checklist, '', '*Steps*', ...steps];
  const extra: string[] = [];
  const listed = new Set((plan.checklist ?? []).map((c) => c.text));
  const more = plan.warnings.filter((w) => !listed.has(w));
  if (more.length) extra.push('*Also*', ...more.map((w) => `• ${esc(w)}`));
  if (opts.dryRun) extra.push('*Dry run (EC2 DryRun, nothing changed)*', ...opts.dryRun.map(dryLine));
  const blocks = [
    header(plan.title),
    ...linesToSections(lines),
    ...linesToSections(extra),
    section(verdict),
    ...(opts.note ? [context(opts.note)] : []),
  ];
  const text = [esc(plan.title), verdict, ...checklist, ...extra, opts.note ?? ''].join('\n');
  return { text, blocks };
}

export interface ResizeOutcome {
  kind: 'done' | 'rolled-back' | 'rollback-failed' | 'failed';
  account: string;
  region: string;
  instanceId: string;
  beforeType: string;
  targetType: string;
  amiId?: string;
  elapsedMs: number;
  requester: string;
  approver?: string;
  failure?: string;
  rollbackFailure?: string;
}

const minutes = (ms: number): string => {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
};

function outcomeLines(o: ResizeOutcome): string[] {
  const ami = o.amiId ? code(o.amiId) : 'none (no backup was made)';
  switch (o.kind) {
    case 'done':
      return [
        `:white_check_mark: *Resized* ${code(o.instanceId)}: ${esc(o.beforeType)} → ${esc(o.targetType)} in ${minutes(o.elapsedMs)}.`,
        `Backup AMI ${ami} (keep it until you are sure, then deregister it).`,
      ];
    case 'rolled-back':
      return [
        `:leftwards_arrow_with_hook: *Rolled back* ${code(o.instanceId)} to ${esc(o.beforeType)} after: ${esc(o.failure)}.`,
        `Backup AMI ${ami}.`,
      ];
    case 'failed':
      return [
        `:x: *Resize stopped* before the type change of ${code(o.instanceId)}: ${esc(o.failure)}. The type is still ${esc(o.beforeType)}.`,
        ...(o.amiId ? [`Backup AMI ${ami}.`] : []),
      ];
    case 'rollback-failed':
      return [
        `:rotating_light: *Resize failed and so did the rollback* of ${code(o.instanceId)}.`,
        `What failed: ${esc(o.failure)}. Rollback: ${esc(o.rollbackFailure)}.`,
        `Restore from the backup AMI ${ami} if the instance does not come back.`,
      ];
  }
}

/** The plan message once the job ends. Pure. */
export function resizeOutcomeView(o: ResizeOutcome): SlackMessage {
  const lines = outcomeLines(o);
  const who = `${esc(o.account)}/${esc(o.region)} · requested by <@${esc(o.requester)}>${o.approver ? `, approved by <@${esc(o.approver)}>` : ''}`;
  return { text: lines.join('\n'), blocks: [...linesToSections(lines), context(who)] };
}
