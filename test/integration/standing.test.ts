import {
  CreateTagsCommand,
  DescribeInstanceStatusCommand,
  DescribeInstancesCommand,
} from '@aws-sdk/client-ec2';
import { rangeText } from '../../src/planner/eventWindows';
import { healthEvent } from '../helpers/alertEvents';
import { postEvent } from '../helpers/alertsKit';
import { type Bed, startBed } from '../helpers/bed';
import type { TestBot } from '../helpers/bot';
import { Ec2Faults } from '../helpers/ec2Faults';
import { FakeHealth } from '../helpers/fakeHealth';
import type { SlackCall } from '../helpers/fakeSlack';
import { openWindow } from '../helpers/maintenanceWindow';
import type { Moto } from '../helpers/moto';
import { buttonPayload, elementsOf, textOf, until } from '../helpers/ops';

/**
 * The standing maintenance plan and AWS's instance event windows (issue 21) through the real bot: signed
 * Slack requests to the Bolt receiver, the worker and its job schedulers on real Redis, moto through the
 * launcher, fake Slack, fake Health. moto has no instance event windows and no
 * ModifyInstanceMaintenanceOptions: test/helpers/moto_launcher.py fakes those calls (kept per
 * account-region, ranges checked as AWS checks them). Sweeps run every 6 s (`sweep_minutes: 0.1`); the
 * tests wait on the standing plan message, never on a fixed sleep.
 */

const PROD = '111111111111';
const STAGING = '222222222222';
const LAB = '333333333333';
const REGION = 'us-east-1';
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const TAG = 'ec2bot:maintenance';

const config = (): string => `
defaults:
  regions: [${REGION}]
accounts:
  prod:
    id: "${PROD}"
    role_arn: arn:aws:iam::${PROD}:role/ec2-ops-bot
    alert_channel: C0PROD
    operators: [U0ALICE, U0BOB]
    approvers: [U0BOB, U0DAVE]
    maintenance: { tz: UTC, windows: ["${openWindow()}"], watch: true, sweep_minutes: 0.1, auto_approve: [reschedule] }
  staging:
    id: "${STAGING}"
    role_arn: arn:aws:iam::${STAGING}:role/ec2-ops-bot
    alert_channel: C0STAGE
    operators: [U0ALICE]
    approvers: [U0CAROL]
    maintenance: { tz: UTC, windows: ["${openWindow()}"], watch: true, sweep_minutes: 0.1 }
  lab:
    id: "${LAB}"
    role_arn: arn:aws:iam::${LAB}:role/ec2-ops-bot
    alert_channel: C0LAB
    operators: [U0BOB]
    approvers: [U0BOB, U0DAVE]
    maintenance: { tz: UTC, windows: ["Tue 02:00-05:00", "Thu 02:00-03:00"], watch: true, sweep_minutes: 60 }
`;

let moto: Moto;
let bot: TestBot;
let bed: Bed | undefined;
const health = new FakeHealth();
const faults = new Ec2Faults();

beforeAll(async () => {
  bed = await startBed({ name: 'standing', config: config(), health, aws: { onClient: faults.onClient } });
  ({ moto, bot } = bed);
}, 120_000);
afterAll(async () => {
  if (process.env.STANDING_LOGS) {
    require('node:fs').writeFileSync(process.env.STANDING_LOGS, bot.logs.join(''));
    require('node:fs').writeFileSync(
      `${process.env.STANDING_LOGS}.slack`,
      JSON.stringify(bot.slack.calls, null, 1),
    );
  }
  await bed?.close();
});

/** The newest version (post or update) of an account's standing plan message. */
function standing(calls: SlackCall[], channel: string): SlackCall | undefined {
  return [...calls]
    .reverse()
    .find(
      (c) =>
        (c.method === 'chat.postMessage' || c.method === 'chat.update') &&
        c.body.channel === channel &&
        textOf(c.body).includes('Standing maintenance plan'),
    );
}

const waitStanding = (channel: string, pred: (text: string, c: SlackCall) => boolean, ms = 60_000) =>
  bot.slack.waitFor((calls) => {
    const c = standing(calls, channel);
    return c && pred(textOf(c.body), c) ? c : undefined;
  }, ms);

/** The section of the message that starts with `title` (up to the next bold title). */
const partOf = (text: string, title: string): string => {
  const at = text.indexOf(title);
  if (at < 0) return '';
  const rest = text.slice(at + title.length);
  const next = rest.search(/\\n\*|"text":"\*/);
  return text.slice(at, next < 0 ? undefined : at + title.length + next);
};

async function eventOf(account: string, id: string) {
  const ec2 = await moto.ec2(account, REGION);
  const out = await ec2.send(
    new DescribeInstanceStatusCommand({ InstanceIds: [id], IncludeAllInstances: true }),
  );
  return out.InstanceStatuses?.[0]?.Events?.[0];
}

const standingTs = async (account: string) => (await bot.deps.stores.standing.get(account))?.ts;

/** The approval message an operation posts (matched by text), once its record knows the message's ts. */
async function approvalPost(has: string): Promise<{ id: string; channel: string; ts: string }> {
  const call = await bot.slack.waitFor((calls) =>
    calls.find(
      (c) =>
        c.method === 'chat.postMessage' &&
        textOf(c.body).includes(has) &&
        elementsOf(c.body).some((e) => e.action_id === 'ec2.approval.approve'),
    ),
  );
  const id = elementsOf(call.body).find((e) => e.action_id === 'ec2.approval.approve')!.value as string;
  const store = bot.deps.stores.approvals;
  const ts = await until(async () => (await store.get(id))?.messageTs, 'the approval message ts');
  return { id, channel: call.body.channel, ts };
}

const click = (actionId: string, value: string, user: string, channel: string, ts: string) =>
  bot.action(buttonPayload({ actionId, value, user, channel, ts, responseUrl: bot.slack.responseUrl() }));

it('plans a new event within one sweep; a stop + start addition waits for an approver; an event AWS completes leaves the plan', async () => {
  const [a, b] = await moto.launch(STAGING, REGION, { type: 'm5.large', count: 2 });
  for (const id of [a!, b!])
    await moto.injectEvents(STAGING, REGION, id, [
      { Code: 'instance-stop', NotBefore: new Date(Date.now() + 3 * DAY).toISOString() },
    ]);
  const msg = await waitStanding('C0STAGE', (t) => {
    const added = partOf(t, 'Proposed additions');
    return added.includes(a!) && added.includes(b!);
  });
  expect(partOf(textOf(msg.body), 'Proposed additions')).toContain('stop + start');
  // the approvers are told once, in the message's thread
  const ts = (await standingTs('staging'))!;
  const mention = await bot.slack.waitFor((calls) =>
    calls.find(
      (c) =>
        c.method === 'chat.postMessage' && c.body.thread_ts === ts && textOf(c.body).includes('<@U0CAROL>'),
    ),
  );
  expect(mention.body.channel).toBe('C0STAGE');

  // AWS completes b's event: it leaves the plan, a stays
  await moto.injectEvents(STAGING, REGION, b!, [
    {
      Code: 'instance-stop',
      Description: '[Completed] The instance is scheduled for instance-stop',
      NotBefore: new Date(Date.now() + 3 * DAY).toISOString(),
    },
  ]);
  const after = await waitStanding('C0STAGE', (t) => {
    const added = partOf(t, 'Proposed additions');
    return added.includes(a!) && !t.includes(b!);
  });
  const approve = elementsOf(after.body).find((e) => e.action_id === 'ec2.standing.approve')!;
  expect(approve.confirm).toBeDefined();

  // an operator who is not an approver cannot approve; nothing stops
  await click('ec2.standing.approve', approve.value, 'U0ALICE', 'C0STAGE', ts);
  const plans = bot.deps.stores.plans;
  await bot.slack.waitFor((calls) =>
    calls.find((c) => c.method === 'response_url' && textOf(c.body).includes('not an approver')),
  );
  expect((await plans.get(approve.value))!.state).toBe('proposed');
  expect(faults.count('StopInstancesCommand')).toBe(0);

  // the approver approves: a is stopped and started in the window, its event is done
  await click('ec2.standing.approve', approve.value, 'U0CAROL', 'C0STAGE', ts);
  await until(async () => (await plans.get(approve.value))?.state === 'done', 'the additions to run', 90_000);
  expect(faults.count('StopInstancesCommand')).toBe(1);
  expect((await eventOf(STAGING, a!))?.Description).toMatch(/^\[Completed\]/);
  await waitStanding(
    'C0STAGE',
    (t) => partOf(t, '*Approved*').includes(approve.value) && !partOf(t, 'Proposed additions'),
  );
}, 180_000);

it('auto_approve: [reschedule] moves a movable event into the window with no click, audited as approved by policy', async () => {
  const [id] = await moto.launch(PROD, REGION, { type: 'm5.large' });
  await moto.injectEvents(PROD, REGION, id!, [
    {
      Code: 'instance-reboot',
      InstanceEventId: 'instance-event-0feed0001',
      NotBefore: new Date(Date.now() + 2 * DAY).toISOString(),
      NotBeforeDeadline: new Date(Date.now() + 5 * DAY).toISOString(),
    },
  ]);
  const msg = await waitStanding('C0PROD', (t) => partOf(t, 'Applied by policy').includes(id!));
  expect(elementsOf(msg.body).some((e) => e.action_id === 'ec2.standing.approve')).toBe(false);
  const s = (await bot.deps.stores.standing.get('prod'))!;
  const applied = s.applied.find((x) => x.instanceId === id)!;
  // moto shows AWS's start where the plan put it: inside today's window, before the deadline
  await until(
    async () =>
      Date.parse(String((await eventOf(PROD, id!))?.NotBefore?.toISOString())) === Date.parse(applied.at),
    'the move',
    60_000,
  );
  expect(Date.parse(applied.at)).toBeLessThan(Date.now() + 6 * 60 * MIN);
  const audit = await bot.deps.audit.recent(200);
  const decision = audit.find(
    (e) => e.actor === 'auto_approve' && (e.detail as any)?.planId === applied.planId,
  );
  expect(decision?.result).toBe('approved by policy auto_approve');
  // the step's audit entry is written once the call has returned: moto may show the move a moment before
  await until(
    async () =>
      (await bot.deps.audit.recent(200)).some(
        (e) => e.action === 'ModifyInstanceEventStartTime' && e.instanceId === id,
      ) || undefined,
    'the move audited',
    30_000,
  );
}, 120_000);

it('windows apply creates the window the config implies (approvers, plan → Approve); a 1-hour range is refused with AWS rule', async () => {
  // not an approver: refused at once
  const refused = await bot.command('maintenance windows prod apply', { user: 'U0ALICE', channel: 'C0OPS' });
  expect(textOf(refused.body)).toContain('Only an approver');
  // the other word order works too
  await bot.command('maintenance windows apply prod', { user: 'U0BOB', channel: 'C0OPS' });
  const plan = await approvalPost('Event windows for prod');
  await click('ec2.approval.approve', plan.id, 'U0DAVE', plan.channel, plan.ts);
  const ec2 = await moto.ec2(PROD, REGION);
  const { DescribeInstanceEventWindowsCommand } = await import('@aws-sdk/client-ec2');
  const windows = await until(
    async () => {
      const out = await ec2.send(new DescribeInstanceEventWindowsCommand({}));
      // created, then associated: wait for the association
      return out.InstanceEventWindows?.[0]?.AssociationTarget?.Tags?.length
        ? out.InstanceEventWindows
        : undefined;
    },
    'the event window and its target',
    60_000,
  );
  expect(windows).toHaveLength(1);
  expect(windows[0]!.AssociationTarget?.Tags).toEqual([{ Key: TAG, Value: 'window' }]);
  const hours = windows[0]!.TimeRanges!.map((r) => (r.EndHour! - r.StartHour! + 24) % 24);
  expect(hours[0]).toBeGreaterThanOrEqual(4);

  // lab's Thu 02:00-03:00 is one hour: the plan says AWS's rule and offers no Approve
  await bot.command('maintenance windows lab apply', { user: 'U0BOB', channel: 'C0OPS' });
  // a blocked plan goes back to the requester only (response_url)
  const lab = await bot.slack.waitFor((calls) =>
    calls.find((c) => c.method === 'response_url' && textOf(c.body).includes('Event windows for lab')),
  );
  expect(textOf(lab.body)).toContain('at least 2 hours');
  expect(textOf(lab.body)).toContain(
    `${rangeText({ startDay: 4, startHour: 2, endDay: 4, endHour: 3 }).slice(0, 9)}`,
  );
  expect(textOf(lab.body)).toContain('is 1 h');
  expect(elementsOf(lab.body).some((e) => e.action_id === 'ec2.approval.approve')).toBe(false);

  // the read-only view compares AWS's window with the config
  const shown = await bot.command('maintenance windows prod', { user: 'U0ALICE', channel: 'C0OPS' });
  const answer = await bot.slack.waitFor((calls) =>
    calls.find(
      (c) =>
        c.method === 'response_url' &&
        shown.responseUrl.endsWith(`/${c.responseId}`) &&
        textOf(c.body).includes('Instance event windows'),
    ),
  );
  expect(textOf(answer.body)).toContain('matches the config');
  expect(textOf(answer.body)).toContain(`${TAG}=window`);
}, 150_000);

it('an event inside its associated event window is placed; reboot migration off is named with the fix', async () => {
  const [inWin, noMig] = await moto.launch(PROD, REGION, { type: 'm5.large', count: 2 });
  const ec2 = await moto.ec2(PROD, REGION);
  await ec2.send(new CreateTagsCommand({ Resources: [inWin!], Tags: [{ Key: TAG, Value: 'window' }] }));
  await moto.injectEvents(PROD, REGION, inWin!, [
    { Code: 'instance-stop', NotBefore: new Date(Date.now() + 2 * 60 * MIN).toISOString() },
  ]);
  await moto.patchInstance(PROD, REGION, noMig!, { rebootMigration: 'disabled' });
  await moto.injectEvents(PROD, REGION, noMig!, [
    { Code: 'system-reboot', NotBefore: new Date(Date.now() + 3 * DAY).toISOString() },
  ]);
  const msg = await waitStanding(
    'C0PROD',
    (t) => partOf(t, 'Placed by AWS').includes(inWin!) && t.includes(noMig!),
  );
  const text = textOf(msg.body);
  expect(partOf(text, 'Proposed additions')).not.toContain(inWin!);
  expect(text).toContain(`set-maintenance-options prod ${noMig} reboot-migration=on`);

  // /ec2 maintenance plan treats it as placed too: a line AWS acts on itself, naming the window
  await bot.command('maintenance plan prod', { user: 'U0BOB', channel: 'C0OPS' });
  const planned = await bot.slack.waitFor((calls) =>
    calls.find((c) => c.method === 'chat.postMessage' && textOf(c.body).includes('Maintenance plan — prod')),
  );
  const aws = partOf(textOf(planned.body), 'AWS acts on these itself');
  expect(aws).toContain(inWin!);
  expect(aws).toContain('inside event window iew-');

  // set-maintenance-options: planned, approved by another approver, then moto shows it on
  await bot.command(`set-maintenance-options prod ${noMig} reboot-migration=on`, {
    user: 'U0BOB',
    channel: 'C0OPS',
  });
  const plan = await approvalPost(`Set maintenance options of`);
  await click('ec2.approval.approve', plan.id, 'U0DAVE', plan.channel, plan.ts);
  await until(
    async () => {
      const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [noMig!] }));
      return out.Reservations?.[0]?.Instances?.[0]?.MaintenanceOptions?.RebootMigration === 'default';
    },
    'reboot migration on',
    60_000,
  );
}, 150_000);

it('a Health scheduled-change delivery sweeps its account at once (lab sweeps only every hour)', async () => {
  await waitStanding('C0LAB', () => true, 30_000).catch(() => undefined); // lab's first sweep, if it posted
  const [id] = await moto.launch(LAB, REGION, { type: 'm5.large' });
  await moto.injectEvents(LAB, REGION, id!, [
    { Code: 'instance-stop', NotBefore: new Date(Date.now() + 4 * DAY).toISOString() },
  ]);
  const res = await postEvent(
    bot.url,
    healthEvent({ account: LAB, entities: [id!], code: 'AWS_EC2_INSTANCE_STOP_SCHEDULED' }),
  );
  expect(res.status).toBe(202);
  await waitStanding('C0LAB', (t) => t.includes(id!), 60_000);
  // it was the delivery's sweep (its job id), not lab's hourly one (its log line follows the message)
  await until(
    async () =>
      bot.logs.some(
        (l) => l.includes('"jobId":"maintenance-sweep-lab-') && l.includes('standing plan swept'),
      ),
    "the delivery's sweep",
  );
}, 120_000);
