import type { ScheduledEvent } from '../domain/events';
import type { AccountWeek } from '../planner/week';
import type { SlackMessage } from '../slack/message';
import { context, fitBlocks, header, linesToSections } from './blocks';
import { weekLines } from './home';
import { type StandingSummary, standingLines } from './standing';
import { code, esc } from './text';
import { slackDate } from './time';

/** What the weekly digest of one account says (collected by the `maintenance-digest` job). */
export interface DigestModel {
  account: string;
  now: Date;
  /** The account's open scheduled events as AWS reports them now. */
  events: ScheduledEvent[];
  /** The latest plan's week for the account; undefined: no plan. */
  week?: AccountWeek;
  /** Keys (account|region|instance|code) of the events the latest plan places in a wave. */
  planned: Set<string>;
  /** Parts of the scan (an account-region's EC2 events, the account's AWS Health) that could not be read. */
  failures: number;
  /** The account's standing plan (`maintenance.watch`): applied by policy, waiting for approval. */
  standing?: StandingSummary;
}

export const eventKey = (e: Pick<ScheduledEvent, 'account' | 'region' | 'instanceId' | 'code'>): string =>
  `${e.account}|${e.region}|${e.instanceId}|${e.code}`;

function eventLine(e: ScheduledEvent, planned: boolean): string {
  const at = e.notBefore ? slackDate(new Date(e.notBefore)) : 'no start time';
  const deadline = e.notBeforeDeadline ? `, movable until ${slackDate(new Date(e.notBeforeDeadline))}` : '';
  return `${planned ? ':white_check_mark:' : ':warning:'} ${code(e.instanceId)} ${esc(e.region)} ${code(e.code)} — AWS: ${at}${deadline}`;
}

/** The weekly digest: what AWS scheduled, what the latest plan does this week, what is still unplanned. */
export function maintenanceDigestView(m: DigestModel): SlackMessage {
  const sorted = [...m.events].sort((a, b) => (a.notBefore ?? '').localeCompare(b.notBefore ?? ''));
  const unplanned = sorted.filter((e) => !m.planned.has(eventKey(e)));
  const scheduled = sorted.map((e) => eventLine(e, m.planned.has(eventKey(e))));
  const failed = m.failures
    ? [
        context(
          `:grey_question: ${m.failures} account-region${m.failures === 1 ? '' : 's'} could not be read: the lists may be short.`,
        ),
      ]
    : [];
  const blocks = [
    header(`Weekly maintenance digest — ${m.account}`),
    context(`As of ${slackDate(m.now)}`),
    ...failed,
    header(`What AWS scheduled (${m.events.length})`),
    ...(scheduled.length ? linesToSections(scheduled) : [context('No open scheduled events.')]),
    header('What the plan does this week'),
    ...(m.week
      ? linesToSections(weekLines(m.week))
      : [context('No maintenance plan — `/ec2 maintenance plan <account>` makes one.')]),
    header(`Still unplanned (${unplanned.length})`),
    ...(unplanned.length
      ? linesToSections(unplanned.map((e) => eventLine(e, false)))
      : [context('Every open event is in the plan.')]),
    ...(m.standing ? [header('Standing plan'), ...linesToSections(standingLines(m.standing))] : []),
  ];
  const text = `Weekly maintenance digest for ${m.account}: ${m.events.length} open event${m.events.length === 1 ? '' : 's'}, ${unplanned.length} not planned.`;
  return {
    text: esc(text),
    blocks: fitBlocks(blocks, (n) => `…and ${n} more blocks: \`/ec2 maintenance status\`.`),
  };
}
