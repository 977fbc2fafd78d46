import type { KnownBlock } from '@slack/types';
import type { InstanceInfo } from '../domain/instance';
import type { ScanFailure } from '../domain/scan';
import {
  CHECK_MEANING,
  type CheckKind,
  checkActions,
  checkAdvice,
  checkKind,
  type InstanceChecks,
  isFailing,
  isNoData,
  type VolumeHealth,
} from '../domain/statusChecks';
import type { SlackMessage } from '../slack/message';
import { context, linesToSections, section } from './blocks';
import { consoleFence } from './consoleFence';
import { ButtonCounter, type ButtonSpec, instanceFacts, instanceTitle, opButtons } from './instanceText';
import { type PagePlan, planPages, renderPages } from './pages';
import { checkedText, failureLines, partialNote, skippedEmptyLine } from './scanNotes';
import { code, esc, LIMITS, truncate } from './text';

export interface StatusRow {
  checks: InstanceChecks;
  instance?: InstanceInfo;
  /** The type's facts: instance-store volumes, simplified automatic recovery support. */
  facts?: { instanceStore?: boolean; autoRecovery?: boolean };
  /** The attached volumes' own status (read for attached-EBS failures). */
  volumes?: VolumeHealth[];
}

export interface StatusReport {
  target: string;
  checked: { account: string; regions: string[] }[];
  /** Instances with a failing (impaired) check. */
  rows: StatusRow[];
  /** Instances whose checks have no data yet (insufficient-data) and none failing: not failures. */
  noData: StatusRow[];
  failures: ScanFailure[];
  /** Account-regions a fleet-wide scan skipped: no instances at the last region probe. */
  skippedEmpty?: number;
}

export interface StatusPlan {
  groups: { kind: CheckKind; rows: StatusRow[] }[];
  pages: PagePlan[];
  hiddenRows: number;
}

const ORDER: CheckKind[] = ['system', 'ebs', 'instance'];
const NO_DATA_LISTED = 10;

/** Host failures first, then attached EBS, then the OS; within each by account, region, id. */
export function planStatus(report: StatusReport, maxPages: number): StatusPlan {
  const sorted = [...report.rows].sort((a, b) =>
    `${a.checks.account}|${a.checks.region}|${a.checks.instanceId}`.localeCompare(
      `${b.checks.account}|${b.checks.region}|${b.checks.instanceId}`,
    ),
  );
  const groups = ORDER.map((kind) => ({
    kind,
    rows: sorted.filter((r) => checkKind(r.checks) === kind),
  })).filter((g) => g.rows.length > 0);
  const sizes = groups.map((g) => g.rows.map((r) => (checkActions(r.checks, r.instance).length ? 2 : 1)));
  const { pages, hiddenRows } = planPages(head(report).length, sizes, maxPages);
  return { groups, pages, hiddenRows };
}

export const plannedStatusRows = (plan: StatusPlan): StatusRow[] =>
  plan.pages.flatMap((p) => p.flatMap((part) => part.rows.map((r) => plan.groups[part.group]!.rows[r]!)));

function summary(report: StatusReport): string {
  const where = checkedText(report.checked, report.failures);
  const n = report.rows.length;
  const partial = partialNote(report.failures);
  if (n === 0)
    return partial
      ? `No failing status checks in the part that answered of ${where}${partial}.`
      : `All status checks pass in ${where}.`;
  return `*Failing status checks — ${esc(report.target)}*: ${n} instance${n === 1 ? '' : 's'} (checked ${where}${partial}).`;
}

/** One line naming the instances with no data yet: they are not failing, and get no button. */
function noDataLine(report: StatusReport): string[] {
  const n = report.noData.length;
  if (n === 0) return [];
  const shown = report.noData
    .slice(0, NO_DATA_LISTED)
    .map((r) => `${instanceTitle(r.checks.instanceId, r.instance)} (${esc(r.checks.region)})`);
  const more = n > NO_DATA_LISTED ? ` and ${n - NO_DATA_LISTED} more` : '';
  return [
    `:hourglass_flowing_sand: No data yet (insufficient-data — not a failure) on ${n} instance${n === 1 ? '' : 's'}: ${shown.join(', ')}${more}. Checks run every minute; look again shortly.`,
  ];
}

const head = (report: StatusReport): KnownBlock[] => [
  section(summary(report)),
  ...linesToSections([
    ...failureLines(report.failures),
    ...skippedEmptyLine(report.skippedEmpty, 'status'),
    ...noDataLine(report),
  ]),
];

const mark = (s: string): string =>
  isFailing(s) ? `:red_circle: ${esc(s)}` : isNoData(s) ? `${esc(s)} (no data yet)` : esc(s);

export function statusRowText(row: StatusRow): string {
  const c = row.checks;
  return [
    `${instanceTitle(c.instanceId, row.instance)} · ${instanceFacts(c.account, c.region, row.instance)}`,
    `System: ${mark(c.system)} · Instance: ${mark(c.instance)} · Attached EBS: ${mark(c.ebs)}`,
    ...checkAdvice(c, row.instance, row.facts ?? {}, row.volumes).map((a) => `→ ${esc(a)}`),
  ].join('\n');
}

function groupHeader(kind: CheckKind, n: number, continued: boolean): KnownBlock {
  const m = CHECK_MEANING[kind];
  if (continued) return context(`*${m.title}* (continued)`);
  return section(`*${m.title}* — ${n} instance${n === 1 ? '' : 's'}\n${esc(m.meaning)} _${esc(m.todo)}_`);
}

export function statusMessages(
  report: StatusReport,
  plan: StatusPlan,
  buttonsOf: (row: StatusRow) => ButtonSpec[],
): SlackMessage[] {
  const counter = new ButtonCounter();
  const tail = plan.hiddenRows
    ? context(`${plan.hiddenRows} more instances not shown — narrow it: \`/ec2 status <account> <region>\`.`)
    : undefined;
  const pages = renderPages(
    head(report),
    plan.pages,
    {
      header: (g, continued) => groupHeader(plan.groups[g]!.kind, plan.groups[g]!.rows.length, continued),
      row: (g, r) => {
        const row = plan.groups[g]!.rows[r]!;
        const buttons = buttonsOf(row);
        const text = section(statusRowText(row));
        return buttons.length ? [text, opButtons(buttons, counter.next(buttons.length))] : [text];
      },
    },
    tail,
  );
  const text = summary(report).replace(/\*/g, '');
  return pages.map((blocks, n) => ({ text: n === 0 ? text : `${text} (part ${n + 1})`, blocks }));
}

export interface ConsoleTail {
  row: StatusRow;
  lines?: string[];
  /** Set when the console could not be read. */
  error?: string;
}

/**
 * Console lines inside a code block that fits `max` with its title: escaped, cut from the front (the
 * last lines say why it died), no backtick fence can be closed from inside.
 */
export function consoleBlock(lines: string[], max: number = LIMITS.sectionText): string {
  return consoleFence(lines.map((l) => truncate(l, 500)).join('\n'), max);
}

/** The follow-up with the last console lines of each instance whose OS check fails. */
export function consoleMessage(tails: ConsoleTail[], lineCount: number): SlackMessage {
  const blocks: KnownBlock[] = tails.slice(0, LIMITS.blocks - 1).map((t) => {
    const title = `${instanceTitle(t.row.checks.instanceId, t.row.instance)} — last ${lineCount} console lines`;
    const bodyText = t.error
      ? `could not read the console (${code(t.error)})`
      : consoleBlock(t.lines ?? [], LIMITS.sectionText - title.length - 1);
    return section(`${title}\n${bodyText}`);
  });
  return { text: `Console output of ${tails.length} instance${tails.length === 1 ? '' : 's'}`, blocks };
}
