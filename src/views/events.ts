import type { KnownBlock } from '@slack/types';
import {
  type EventFacts,
  eventButtons,
  eventMeaning,
  eventNotes,
  eventWarnings,
} from '../domain/eventAdvice';
import { type EventGroup, groupByCode, type HealthNotice, type ScheduledEvent } from '../domain/events';
import type { ScanFailure } from '../domain/scan';
import { parseTime, relativeTime } from '../domain/time';
import type { SlackMessage } from '../slack/message';
import { context, linesToSections, section } from './blocks';
import { ButtonCounter, type ButtonSpec, instanceFacts, instanceTitle, opButtons } from './instanceText';
import { MAX_PAGES, type PagePlan, planPages, renderPages } from './pages';
import {
  checkedText,
  failureLines,
  type HealthOrgOutcome,
  healthOrgLine,
  healthUnavailableLine,
  partialNote,
  skippedEmptyLine,
} from './scanNotes';
import { code, esc } from './text';
import { slackDate } from './time';

/** One event on one instance, with the facts that decide how it lands (instance, type). */
export interface EventRow extends EventFacts {
  event: ScheduledEvent;
}

export interface EventsReport {
  /** What the user asked about: "prod", "all". */
  target: string;
  checked: { account: string; regions: string[] }[];
  rows: EventRow[];
  notices: HealthNotice[];
  failures: ScanFailure[];
  healthUnavailable: string[];
  /** With `organization:`: how AWS Health was asked for the organization's accounts. */
  healthOrg?: HealthOrgOutcome;
  /** Account-regions a fleet-wide scan skipped: no instances at the last region probe. */
  skippedEmpty?: number;
  now: Date;
}

export interface EventsPlan {
  groups: EventGroup<EventRow>[];
  pages: PagePlan[];
  hiddenRows: number;
}

/** Groups (soonest first) and how they spread over at most five messages. */
export function planEvents(report: EventsReport, maxPages = MAX_PAGES): EventsPlan {
  const groups = groupByCode(report.rows);
  const sizes = groups.map((g) => g.rows.map((r) => (eventButtons(r.event, r, report.now).length ? 2 : 1)));
  const { pages, hiddenRows } = planPages(headBlocks(report).length, sizes, maxPages);
  return { groups, pages, hiddenRows };
}

/** The rows the plan shows: only these get button references. */
export const plannedRows = (plan: EventsPlan): EventRow[] =>
  plan.pages.flatMap((p) => p.flatMap((part) => part.rows.map((r) => plan.groups[part.group]!.rows[r]!)));

function summary(report: EventsReport): string {
  const where = checkedText(report.checked, report.failures);
  const n = report.rows.length;
  const partial = partialNote(report.failures);
  if (n === 0)
    return partial
      ? `No scheduled events in the part that answered of ${where}${partial}.`
      : `No scheduled events in ${where}.`;
  const instances = new Set(report.rows.map((r) => `${r.event.account}|${r.event.instanceId}`)).size;
  return `*Scheduled events — ${esc(report.target)}*: ${n} event${n === 1 ? '' : 's'} on ${instances} instance${instances === 1 ? '' : 's'} (checked ${where}${partial}).`;
}

function noticeLines(report: EventsReport): string[] {
  return report.notices.map((h) => {
    const start = parseTime(h.start);
    const when = start ? ` from ${slackDate(start)}` : '';
    return `:large_orange_diamond: AWS Health ${esc(h.category)} ${code(h.code)} in ${esc(h.account)}/${esc(h.region)}${when} (${esc(h.status)})`;
  });
}

function headBlocks(report: EventsReport): KnownBlock[] {
  const notes = [
    ...failureLines(report.failures),
    ...healthUnavailableLine(report.healthUnavailable),
    ...healthOrgLine(report.healthOrg),
    ...skippedEmptyLine(report.skippedEmpty, 'events'),
    ...noticeLines(report),
  ];
  return [section(summary(report)), ...linesToSections(notes)];
}

function groupHeader(g: EventGroup<EventRow>, continued: boolean): KnownBlock {
  const m = eventMeaning(g.code);
  if (continued) return context(`*${esc(m.title)}* ${code(g.code)} (continued)`);
  const n = g.rows.length;
  return section(
    `*${esc(m.title)}* ${code(g.code)} — ${n} instance${n === 1 ? '' : 's'}\n${esc(m.meaning)} _${esc(m.todo)}_`,
  );
}

function windowText(e: ScheduledEvent, now: Date): string {
  const from = parseTime(e.notBefore);
  const to = parseTime(e.notAfter);
  if (!from) return 'Window: not given';
  const end = to ? ` → ${slackDate(to)}` : '';
  return `Window: ${slackDate(from)}${end} (${relativeTime(from, now)})`;
}

/** " · EBS root · instance store · Elastic IP · ASG web · Spot": what decides how the event lands. */
function traits(row: EventRow): string {
  const i = row.instance;
  if (!i) return '';
  const out = [
    i.rootDeviceType === 'instance-store' ? 'instance-store root' : 'EBS root',
    row.instanceStore ? 'instance store' : undefined,
    i.hasElasticIp ? 'Elastic IP' : undefined,
    i.autoScalingGroup ? `ASG ${esc(i.autoScalingGroup)}` : undefined,
    i.spot ? `Spot (${i.spotType ?? 'request type unknown'})` : undefined,
  ].filter(Boolean);
  return ` · ${out.join(' · ')}`;
}

export function eventRowText(row: EventRow, now: Date): string {
  const e = row.event;
  const deadline = parseTime(e.notBeforeDeadline);
  const lines = [
    `${instanceTitle(e.instanceId, row.instance)} · ${instanceFacts(e.account, e.region, row.instance)}${traits(row)}`,
    windowText(e, now) + (deadline ? ` · can be moved up to ${slackDate(deadline)}` : ''),
    ...(e.description ? [`> ${esc(e.description)}`] : []),
    ...eventNotes(e, row, now).map((n) => `:information_source: ${esc(n)}`),
    ...eventWarnings(e, row, now).map((w) => `:warning: ${esc(w)}`),
  ];
  return lines.join('\n');
}

/** The answer as messages: the first has the summary and warnings, the rest continue; "N more" at the end. */
export function eventsMessages(
  report: EventsReport,
  plan: EventsPlan,
  buttonsOf: (row: EventRow) => ButtonSpec[],
): SlackMessage[] {
  const counter = new ButtonCounter();
  const tail = plan.hiddenRows
    ? context(`${plan.hiddenRows} more events not shown — narrow it: \`/ec2 events <account> <region>\`.`)
    : undefined;
  const pages = renderPages(
    headBlocks(report),
    plan.pages,
    {
      header: (g, continued) => groupHeader(plan.groups[g]!, continued),
      row: (g, r) => {
        const row = plan.groups[g]!.rows[r]!;
        const buttons = buttonsOf(row);
        const text = section(eventRowText(row, report.now));
        return buttons.length ? [text, opButtons(buttons, counter.next(buttons.length))] : [text];
      },
    },
    tail,
  );
  const head = summary(report).replace(/\*/g, '');
  return pages.map((blocks, n) => ({
    text: n === 0 ? head : `${head} (part ${n + 1} of ${pages.length})`,
    blocks,
  }));
}
