import type { KnownBlock } from '@slack/types';
import { DateTime } from 'luxon';
import type { RetentionCounts, SnapshotDecision } from '../domain/retention';
import { policyText, type RegionPlan, type SnapshotPolicy } from '../domain/snapshotPolicy';
import type { SlackMessage } from '../slack/message';
import { context, fitBlocks, header, linesToSections, section } from './blocks';
import { code, esc } from './text';
import { slackDate } from './time';

/** Volume lines shown per region; the counts always include every volume. */
export const MAX_VOLUME_LINES = 25;
/** Snapshot ids listed per volume under "delete"; the rest are "+N more". */
const MAX_IDS = 3;
/** Skipped / failed items listed in a run summary. */
const MAX_ITEMS = 15;

const day = (d: Date | undefined, tz: string): string =>
  d ? DateTime.fromJSDate(d, { zone: tz }).toFormat('yyyy-MM-dd') : '—';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** "create 2 · keep 31 (30 daily, 1 monthly) · delete 5 · foreign 2 untouched" */
export function countsText(c: RetentionCounts & { create?: number }): string {
  const parts = [
    ...(c.create !== undefined ? [`create ${c.create}`] : []),
    `keep ${c.keepDaily + c.keepMonthly} (${c.keepDaily} daily, ${c.keepMonthly} monthly)`,
    `delete ${c.delete}`,
  ];
  if (c.foreign) parts.push(`foreign ${c.foreign} untouched`);
  return parts.join(' · ');
}

const sumCounts = (plans: RegionPlan[]): RetentionCounts & { create: number } => {
  const t = { create: 0, keepDaily: 0, keepMonthly: 0, delete: 0, foreign: 0 };
  for (const p of plans) {
    t.create += p.toCreate.length;
    for (const k of ['keepDaily', 'keepMonthly', 'delete', 'foreign'] as const)
      t[k] += p.retention?.totals[k] ?? 0;
  }
  return t;
};

const idList = (ds: SnapshotDecision[], tz: string): string => {
  const shown = ds.slice(0, MAX_IDS).map((d) => `${code(d.snapshot.id)} (${day(d.snapshot.startTime, tz)})`);
  return ds.length > MAX_IDS ? `${shown.join(', ')} +${ds.length - MAX_IDS} more` : shown.join(', ');
};

function volumeLines(p: RegionPlan, tz: string): string[] {
  const creates = new Set(p.toCreate.map((t) => t.volumeId));
  const vols = new Map((p.retention?.volumes ?? []).map((v) => [v.volumeId, v]));
  const ids = [...new Set([...creates, ...vols.keys()])].sort();
  const lines = ids.map((id) => {
    const v = vols.get(id);
    const label = p.volumeLabels[id] ? ` ${esc(p.volumeLabels[id])}` : '';
    const parts: string[] = [];
    if (creates.has(id)) parts.push('create 1');
    if (v) {
      const kept = v.counts.keepDaily + v.counts.keepMonthly;
      parts.push(
        `keep ${kept} (${v.counts.keepDaily} daily, ${v.counts.keepMonthly} monthly)` +
          (kept ? `, ${day(v.oldestKept, tz)} → ${day(v.newestKept, tz)}` : ''),
      );
      const del = [...v.decisions].reverse().filter((d) => d.decision === 'delete');
      parts.push(del.length ? `delete ${del.length}: ${idList(del, tz)}` : 'delete 0');
      if (v.counts.foreign) parts.push(`foreign ${v.counts.foreign}`);
    }
    return `• ${code(id)}${label} — ${parts.join(' · ')}`;
  });
  if (lines.length <= MAX_VOLUME_LINES) return lines;
  const hidden = lines.length - MAX_VOLUME_LINES;
  return [...lines.slice(0, MAX_VOLUME_LINES), `…and ${plural(hidden, 'more volume')} (counted above)`];
}

function regionBlocks(p: RegionPlan, tz: string): KnownBlock[] {
  if (p.error) return [section(`:x: *${esc(p.region)}* — could not read this region (${code(p.error)})`)];
  const c = sumCounts([p]);
  const head = `*${esc(p.region)}* — ${countsText(c)}`;
  const vols = volumeLines(p, tz);
  return linesToSections([head, ...(vols.length ? vols : ['_no volumes to snapshot and no snapshots_'])]);
}

/** `/ec2 snapshots <account> plan`: the dry-run diff, per region and volume. Pure. */
export function snapshotPlanView(
  account: string,
  policy: SnapshotPolicy,
  plans: RegionPlan[],
  now: Date,
): SlackMessage {
  const totals = sumCounts(plans);
  const failed = plans.filter((p) => p.error).length;
  const summary =
    `Snapshot plan for ${esc(account)}: ${countsText(totals)}` +
    (failed ? ` — ${plural(failed, 'region')} could not be read` : '');
  const blocks: KnownBlock[] = [
    header(`Snapshot plan — ${account}`),
    section(`${summary}\nPolicy: ${esc(policyText(policy))}.`),
    ...plans.flatMap((p) => regionBlocks(p, policy.tz)),
    context(
      `Dry run ${slackDate(now)}: nothing changed. ` +
        `\`/ec2 snapshots ${esc(account)} apply\` runs this plan; the schedule ${code(policy.schedule)} (${esc(policy.tz)}) runs it too.`,
    ),
  ];
  return {
    text: summary,
    blocks: fitBlocks(
      blocks,
      (n) => `…${plural(n, 'more section')} not shown: the plan is too long for one message.`,
    ),
  };
}

export interface RunItem {
  id: string;
  region: string;
  reason: string;
}

export interface RunSummary {
  account: string;
  kind: 'scheduled' | 'apply';
  regions: string[];
  created: number;
  deleted: number;
  kept: number;
  skipped: RunItem[];
  failed: RunItem[];
  correlationId: string;
}

const who = (id: string): string => (/^[UW][A-Z0-9]+$/.test(id) ? `<@${id}>` : esc(id));

export function runStartView(
  account: string,
  kind: 'scheduled' | 'apply',
  regions: string[],
  actor: { requester: string; approver?: string },
): SlackMessage {
  const by =
    kind === 'scheduled'
      ? 'scheduled run'
      : `requested by ${who(actor.requester)}${actor.approver ? `, approved by ${who(actor.approver)}` : ''}`;
  const text = `:hourglass_flowing_sand: Snapshot retention for *${esc(account)}* started (${by}) — ${regions.map(esc).join(', ')}. Progress in the thread.`;
  return { text, blocks: [section(text)] };
}

export function regionProgressView(
  region: string,
  c: { created: number; deleted: number; skipped: number; failed: number },
): SlackMessage {
  const text = `${code(region)}: created ${c.created} · deleted ${c.deleted} · skipped ${c.skipped} · failed ${c.failed}`;
  return { text, blocks: [section(text)] };
}

const itemLines = (items: RunItem[], title: string): string[] => {
  if (!items.length) return [];
  const lines = items.slice(0, MAX_ITEMS).map((i) => `• ${code(i.id)} (${esc(i.region)}): ${esc(i.reason)}`);
  if (items.length > MAX_ITEMS) lines.push(`…and ${items.length - MAX_ITEMS} more`);
  return [`*${title}*`, ...lines];
};

/** The final word of a run: created, deleted, skipped, failed — and what each skip or failure was. */
export function runSummaryView(s: RunSummary): SlackMessage {
  const icon = s.failed.length ? ':warning:' : ':white_check_mark:';
  const head =
    `${icon} Snapshot retention for *${esc(s.account)}* (${s.kind === 'scheduled' ? 'scheduled' : 'apply'}) done: ` +
    `created ${s.created} · deleted ${s.deleted} · skipped ${s.skipped.length} · failed ${s.failed.length} · kept ${s.kept}`;
  const lines = [head, ...itemLines(s.skipped, 'Skipped'), ...itemLines(s.failed, 'Failed')];
  return {
    text: head,
    blocks: fitBlocks(
      [...linesToSections(lines), context(`ref ${esc(s.correlationId)}`)],
      (n) => `…${n} more`,
    ),
  };
}

export function runFailedView(account: string, safeMessage: string): SlackMessage {
  const text = `:x: Snapshot retention for *${esc(account)}* failed: ${safeMessage}`;
  return { text, blocks: [section(text)] };
}

export function runBusyView(
  account: string,
  holder: { user: string; startedAt: string; jobId: string },
): SlackMessage {
  const text = `:double_vertical_bar: Snapshot retention for *${esc(account)}* not started: another run (${who(holder.user)}, since ${slackDate(holder.startedAt)}) is in progress.`;
  return { text, blocks: [section(text)] };
}
