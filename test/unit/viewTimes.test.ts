import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Alert } from '../../src/domain/alert';
import { rescheduleBlockers } from '../../src/domain/reschedule';
import { dateToken } from '../../src/domain/time';
import { AppError, ErrorCode } from '../../src/errors/appError';
import { CATALOG } from '../../src/ops/catalog';
import { busyText } from '../../src/ops/lock';
import { alertView } from '../../src/views/alert';
import { errorView } from '../../src/views/error';
import { planMessage, resultMessage } from '../../src/views/operation';
import { snapshotPlanView } from '../../src/views/snapshots';
import { richText } from '../../src/views/text';
import { slackDate, withDates } from '../../src/views/time';
import { expectGolden } from '../helpers/golden';

const DIR = path.join(__dirname, '..', 'fixtures', 'views');
const TOKEN = /<!date\^\d+\^[^|>]+\|[^>]*>/g;
/**
 * Goldens allowed to say "UTC": AWS defines instance event windows as weekly UTC ranges ("Mon 17:00–20:00
 * UTC"), recurring ranges no date token can show; that view shows them as AWS does, beside the config's
 * own time zone. An ISO time or an unresolved token is still a failure there.
 */
const UTC_BY_DEFINITION: Record<string, string> = {
  'maintenance-windows.json': "AWS's weekly UTC event-window ranges",
};
/** Raw times a person would read in UTC or ISO: outside a Slack date token's fallback, none may remain. */
const RAW = [
  /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/,
  /\b\d{1,2}:\d{2}(:\d{2})?\s*(UTC|GMT|Z)\b/,
  /\bUTC\b/,
  /\bGMT\b/,
  /\{date:\d+\}/,
];
/** What no golden may show, whatever it is about. */
const ALWAYS = [RAW[0]!, RAW[4]!];
/** Fields that are never read as text: ids, values, links. */
const NOT_TEXT = new Set(['action_id', 'block_id', 'value', 'url', 'image_url', 'callback_id']);

/**
 * Every string of a golden a person reads, with its path. A message's top-level `text` beside `blocks`
 * is the notification fallback (Slack shows it where it cannot format): its times are the UTC
 * fallback, so it is not scanned.
 */
function readable(node: unknown, at: string, out: [string, string][]): void {
  if (typeof node === 'string') out.push([at, node]);
  else if (Array.isArray(node)) {
    for (const [i, n] of node.entries()) readable(n, `${at}[${i}]`, out);
  } else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    const fallback = 'blocks' in o && typeof o.text === 'string';
    for (const [k, v] of Object.entries(o)) {
      if (NOT_TEXT.has(k) || (k === 'text' && fallback)) continue;
      readable(v, `${at}.${k}`, out);
    }
  }
}

/** `file: path: text` for each raw time outside a Slack date token in the golden files of `dir`. */
function rawTimes(dir: string): string[] {
  const found: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const strings: [string, string][] = [];
    readable(JSON.parse(readFileSync(path.join(dir, file), 'utf8')), '$', strings);
    for (const [at, s] of strings) {
      const bare = s.replace(TOKEN, '');
      if ((UTC_BY_DEFINITION[file] ? ALWAYS : RAW).some((r) => r.test(bare)))
        found.push(`${file}: ${at}: ${bare.slice(0, 160)}`);
    }
  }
  return found;
}

describe('one time formatter', () => {
  it('every golden view shows times as Slack date tokens, never raw ISO or UTC text', () => {
    expect(rawTimes(DIR)).toEqual([]);
  });

  it('the scan finds a raw time where a view would print one', () => {
    const strings: [string, string][] = [];
    readable(
      {
        text: 'fallback 2026-11-21 12:00 UTC',
        blocks: [
          { text: { text: 'Acknowledged at 2026-08-27 17:05 UTC' } },
          { text: 'Snoozed <!date^1^{time}|x>' },
        ],
      },
      '$',
      strings,
    );
    const flagged = strings.filter(([, s]) => RAW.some((r) => r.test(s.replace(TOKEN, ''))));
    expect(flagged.map(([at]) => at)).toEqual(['$.blocks[0].text.text']);
  });

  it('a token reads in the reader’s zone, with the UTC time as its fallback', () => {
    const at = Date.UTC(2026, 10, 21, 12, 3, 30);
    expect(slackDate(at)).toBe(`<!date^${at / 1000}^{date_short_pretty} {time}|2026-11-21 12:03 UTC>`);
    expect(slackDate(new Date(at), 'time')).toBe(`<!date^${at / 1000}^{time}|12:03 UTC>`);
    expect(slackDate('not a time')).toBe('');
    expect(withDates(`moved to ${dateToken(at)}`)).toBe(`moved to ${slackDate(at)}`);
    // a token in text from AWS or a user only ever becomes a date, or the bare id of someone not named
    expect(richText(`<!channel> {user:U0BOB} {date:${at}}`, ['U0BOB'])).toBe(
      `&lt;!channel&gt; <@U0BOB> ${slackDate(at)}`,
    );
    expect(richText('web-{user:U0VICTIM} is busy: stop by {user:U0BOB}', ['U0BOB'])).toBe(
      'web-U0VICTIM is busy: stop by <@U0BOB>',
    );
  });
});

const NOW = new Date('2026-11-21T12:00:00Z');
const H = 3_600_000;

describe('surfaces that print a time (golden)', () => {
  it('an AWS Health alert: when it starts, who acknowledged it and when', () => {
    const alert: Alert = {
      id: 'aTESTTIMES01',
      account: 'prod',
      accountId: '111111111111',
      channel: 'C0PROD',
      kind: 'health',
      type: 'AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED',
      urgent: false,
      createdAt: '2026-11-21T11:00:00.000Z',
      seen: 1,
      entities: [
        {
          entityKey: 'arn|i-0abc1234def567890',
          entity: 'i-0abc1234def567890',
          instanceId: 'i-0abc1234def567890',
          kind: 'instance',
          region: 'us-east-1',
          state: 'open',
          statusText: 'upcoming',
          at: '2026-11-21T11:00:00.000Z',
          startTime: '2026-11-28T03:00:00.000Z',
        },
      ],
    };
    const v = alertView({
      alert,
      marks: { ack: { by: 'U0CAROL', at: '2026-11-21T11:30:00.000Z' } },
      oncall: ['U0ONCALL'],
      headInstances: 20,
      operations: CATALOG,
    });
    expectGolden('times-alert-health', v);
    expect(JSON.stringify(v)).toContain('starts <!date^');
    expect(JSON.stringify(v)).toContain('Acknowledged by <@U0CAROL> at <!date^');
  });

  it('a reschedule: the plan’s steps and warnings, the approval time, the result', () => {
    const notBefore = NOW.getTime() + 30 * H;
    const plan = {
      title: 'Reschedule instance-reboot on web-1 (i-0123456789abcdef0)',
      steps: [`ModifyInstanceEventStartTime to ${dateToken(notBefore)}`],
      warnings: [`currently scheduled for ${dateToken(NOW.getTime() + 5 * H)}`],
      blockers: [],
    };
    const base = {
      op: 'Reschedule',
      destructive: false,
      account: 'prod',
      region: 'us-east-1',
      requester: 'U0ALICE',
    };
    const approved = planMessage({
      ...base,
      plan,
      state: 'approved',
      decidedBy: 'U0BOB',
      decidedAt: '2026-11-21T12:03:00.000Z',
    });
    expectGolden('times-reschedule-approved', approved);
    const done = resultMessage({
      op: 'Reschedule',
      title: plan.title,
      account: 'prod',
      region: 'us-east-1',
      requester: 'U0ALICE',
      approver: 'U0BOB',
      outcome: 'done',
      detail: `event now starts ${dateToken(notBefore)}`,
      ref: 'abc123def456',
      ms: 2_000,
    });
    expectGolden('times-reschedule-done', done);
    expect(done.text).toContain('event now starts 2026-11-22 18:00 UTC');
  });

  it('a refusal: plain words, the person as a mention, the time as a token, the ref in a context line', () => {
    const refusal = errorView(
      new AppError(
        ErrorCode.Busy,
        `web-1 (i-0123456789abcdef0) is busy: ${busyText({ op: 'recover', label: 'Stop/Start now', user: 'U0ALICE', startedAt: '2026-11-21T11:58:00.000Z', jobId: 'j1' })}.`,
        { people: ['U0ALICE'] },
      ),
      'cid0123abcd',
    );
    // the message names U0ALICE (people); a forged token in a Name tag would stay a bare id
    expectGolden('refusal-busy', refusal);
    const deadline = rescheduleBlockers(
      {
        id: 'e1',
        code: 'instance-reboot',
        notBefore: new Date(NOW.getTime() + 24 * H).toISOString(),
        notBeforeDeadline: new Date(NOW.getTime() + 48 * H).toISOString(),
      },
      new Date(NOW.getTime() + 72 * H),
      NOW,
    );
    expect(deadline.join()).toMatch(/before the deadline \{date:\d+\}/);
  });

  it('the snapshot plan’s footer says when it ran', () => {
    const v = snapshotPlanView(
      'prod',
      {
        create: true,
        dailyDays: 30,
        monthlyMonths: 7,
        schedule: '0 3 * * *',
        tz: 'Asia/Seoul',
        regions: ['us-east-1'],
      },
      [],
      NOW,
    );
    expectGolden('times-snapshot-plan', v);
  });
});
