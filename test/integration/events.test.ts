import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ServiceClient } from '../../src/aws/clients';
import type { OpRef } from '../../src/domain/opRef';
import { QUEUE } from '../../src/jobs/queues';
import { redisKeys } from '../../src/redis/keys';
import { type Bed, startBed } from '../helpers/bed';
import type { TestBot } from '../helpers/bot';
import { FakeHealth } from '../helpers/fakeHealth';
import type { SlackCall } from '../helpers/fakeSlack';
import type { Moto } from '../helpers/moto';
import { queueSettled } from '../helpers/ops';

const PROD = '111111111111';
const STAGING = '222222222222';
const DAY = 86_400_000;
const at = (days: number): string => new Date(Date.now() + days * DAY).toISOString();

let moto: Moto;
let bot: TestBot;
let bed: Bed | undefined;
const health = new FakeHealth();
/** Account-region whose EC2 calls are refused (see denyRegion below), or undefined. */
let denied: string | undefined;

/**
 * Injected AccessDenied: moto does not enforce IAM, so a middleware on the bot's EC2 clients refuses every
 * call of one account-region with an error named `UnauthorizedOperation`, as EC2 does when the role's
 * policy lacks ec2:Describe* there. Only the error's name matters to the bot.
 */
function denyRegion(client: ServiceClient, key: { account: string; region: string; service: string }): void {
  if (key.service !== 'ec2') return;
  (client as EC2Client).middlewareStack.add(
    (next) => async (args) => {
      if (denied === `${key.account}/${key.region}`) {
        throw Object.assign(new Error('You are not authorized to perform this operation.'), {
          name: 'UnauthorizedOperation',
          $metadata: { httpStatusCode: 403 },
        });
      }
      return next(args);
    },
    { step: 'initialize', name: 'testDenyRegion' },
  );
}

const ids: Record<string, string | undefined> = {};
/**
 * Slow regions: account-region → what its DescribeInstanceStatus waits for. moto answers at once; a
 * fleet's slow regions are what streaming is for, so a middleware plays them (nothing else changes).
 * `latencyMs` is AWS latency (the stream's first update is due 800 ms after the scan starts, so a region
 * that answers later than that is what lets a progress message go out at all); `until` holds the region
 * until the test releases it — after it has seen the progress message it stands for.
 */
const slow = new Map<string, { latencyMs?: number; until?: Promise<void> }>();
function slowRegions(client: ServiceClient, key: { account: string; region: string; service: string }): void {
  if (key.service !== 'ec2') return;
  (client as EC2Client).middlewareStack.add(
    (next, context) => async (args) => {
      const s = slow.get(`${key.account}/${key.region}`);
      if (s && context.commandName === 'DescribeInstanceStatusCommand') {
        if (s.latencyMs) await new Promise((r) => setTimeout(r, s.latencyMs));
        await s.until;
      }
      return next(args);
    },
    { step: 'initialize', name: 'testSlowRegion' },
  );
}

/** Holds staging/us-east-1 until `release()`; prod/eu-west-1 answers after the stream's first update is due. */
function slowFleet(): { release: () => void } {
  let release = (): void => {};
  slow.set('prod/eu-west-1', { latencyMs: 1200 });
  slow.set('staging/us-east-1', { until: new Promise<void>((r) => (release = r)) });
  return { release: () => release() };
}

/** Every EC2 call the bot made: `account/region:Command` (a recording middleware, nothing changed). */
const ec2Calls: string[] = [];
function recordEc2(client: ServiceClient, key: { account: string; region: string; service: string }): void {
  if (key.service !== 'ec2') return;
  (client as EC2Client).middlewareStack.add(
    (next, context) => async (args) => {
      ec2Calls.push(`${key.account}/${key.region}:${context.commandName}`);
      return next(args);
    },
    { step: 'initialize', name: 'testRecordEc2' },
  );
}

beforeAll(async () => {
  bed = await startBed({
    name: 'events',
    health,
    aws: {
      onClient: (c, k) => {
        denyRegion(c, k);
        recordEc2(c, k);
        slowRegions(c, k);
      },
    },
  });
  ({ moto, bot } = bed);
  [ids.web1] = await moto.launch(PROD, 'us-east-1', { name: 'web-1', type: 'm5d.large' });
  [ids.evil] = await moto.launch(PROD, 'us-east-1', { name: '<!channel> <https://evil|click>' });
  [ids.old] = await moto.launch(PROD, 'us-east-1', { name: 'old-1' });
  [ids.host] = await moto.launch(PROD, 'eu-west-1', { name: 'cache-1' });
  [ids.db] = await moto.launch(PROD, 'eu-west-1', { name: 'db-1' });
  [ids.stage] = await moto.launch(STAGING, 'us-east-1', { name: 'stage-1' });
  await moto.injectEvents(PROD, 'us-east-1', ids.web1!, [
    {
      Code: 'instance-stop',
      NotBefore: at(3),
      NotAfter: at(4),
      NotBeforeDeadline: at(10),
      InstanceEventId: 'instance-event-0aaa',
    },
  ]);
  await moto.injectEvents(PROD, 'us-east-1', ids.evil!, [
    { Code: 'instance-reboot', NotBefore: at(1), Description: 'scheduled reboot <!here>' },
  ]);
  await moto.injectEvents(PROD, 'us-east-1', ids.old!, [
    {
      Code: 'system-reboot',
      NotBefore: at(-5),
      Description: '[Completed] The instance is running on degraded hardware',
    },
  ]);
  await moto.injectEvents(PROD, 'eu-west-1', ids.host!, [
    { Code: 'system-reboot', NotBefore: at(6), NotAfter: at(6.1) },
  ]);
  await moto.injectEvents(STAGING, 'us-east-1', ids.stage!, [
    { Code: 'instance-retirement', NotBefore: at(2) },
  ]);
  health.set('prod', {
    events: [
      healthEvent('stop', 'AWS_EC2_INSTANCE_STOP_SCHEDULED', 'us-east-1', [
        `arn:aws:ec2:us-east-1:${PROD}:instance/${ids.web1}`,
      ]),
      healthEvent('retire', 'AWS_EC2_PERSISTENT_INSTANCE_RETIREMENT_SCHEDULED', 'eu-west-1', [
        `arn:aws:ec2:eu-west-1:${PROD}:instance/${ids.db}`,
      ]),
      { ...healthEvent('issue', 'AWS_EC2_OPERATIONAL_ISSUE', 'eu-west-1', []), eventTypeCategory: 'issue' },
      {
        ...healthEvent('done', 'AWS_EC2_INSTANCE_STOP_SCHEDULED', 'us-east-1', [ids.old!]),
        statusCode: 'closed',
      },
    ],
  });
  health.set('staging', { subscriptionRequired: true, events: [] });
  // Seeding launches instances in moto; on a loaded shared machine it can outlast the default 30 s.
}, 120_000);
afterAll(async () => {
  await bed?.close();
});
beforeEach(() => {
  bot.slack.clear();
  denied = undefined;
});

function healthEvent(id: string, code: string, region: string, entities: string[]) {
  return {
    arn: `arn:aws:health:${region}::event/EC2/${code}/${id}`,
    eventTypeCode: code,
    eventTypeCategory: 'scheduledChange' as const,
    region,
    startTime: new Date(Date.now() + 8 * DAY),
    endTime: new Date(Date.now() + 9 * DAY),
    statusCode: 'upcoming' as const,
    entities,
  };
}

const has = (c: SlackCall, text: string): boolean => JSON.stringify(c.body).includes(text);

const answersTo = (responseUrl: string) => (calls: SlackCall[]) =>
  calls.filter((c) => c.method === 'response_url' && c.responseId === responseUrl.split('/').pop());

/** The answer: the first message that is not streamed progress (a slow scan sends that first). */
async function firstAnswer(responseUrl: string): Promise<SlackCall> {
  return bot.slack.waitFor((calls) =>
    answersTo(responseUrl)(calls).find((c) => !JSON.stringify(c.body).includes(':hourglass_flowing_sand:')),
  );
}

const sectionTexts = (call: SlackCall): string[] =>
  (call.body.blocks ?? []).filter((b: any) => b.type === 'section').map((b: any) => b.text.text as string);
const buttonsOf = (call: SlackCall): any[] =>
  (call.body.blocks ?? []).filter((b: any) => b.type === 'actions').flatMap((b: any) => b.elements);

describe('/ec2 events', () => {
  it('acks at once, then answers prod grouped by event code, soonest first, merged with Health', async () => {
    const res = await bot.command('events prod');
    expect(res.body.text).toBe('Looking up events in prod: 2 regions…');
    const answer = await firstAnswer(res.responseUrl);
    if (process.env.SHOW_ANSWER) console.log(JSON.stringify(answer.body, null, 1));
    expect(answer.body.response_type).toBe('ephemeral');
    const texts = sectionTexts(answer);
    const headers = texts
      .filter((t) => /^\*[^*]+\* `[\w-]+` — \d instance/.test(t))
      .map((t) => /`([\w-]+)`/.exec(t)?.[1]);
    // reboot in 1 day, stop in 3, system-reboot in 6, Health-only retirement in 8
    expect(headers).toEqual(['instance-reboot', 'instance-stop', 'system-reboot', 'instance-retirement']);
    const summary = texts[0]!;
    expect(summary).toContain('4 events on 4 instances');
    expect(summary).toContain('prod (us-east-1, eu-west-1)');
    // the [Completed] event and the closed Health event are history: old-1 is nowhere
    expect(JSON.stringify(answer.body)).not.toContain(ids.old);
    // merged: web-1 has one row though EC2 and Health both list its stop
    const web1 = texts.find((t) => t.includes(ids.web1!))!;
    expect(texts.filter((t) => t.includes(ids.web1!))).toHaveLength(1);
    expect(web1).toContain('*web-1*');
    expect(web1).toContain('m5d.large · running · prod/us-east-1 · EBS root · instance store');
    expect(web1).toContain('instance-store data is lost');
    expect(web1).toMatch(/Window: <!date\^\d+\^\{date_short_pretty\} \{time\}\|[^>]+> → <!date/);
    expect(web1).toMatch(/\(in 2 days 23 h\)/); // 3 days ahead less the seconds the scan took: never rounded up
    // the Health-only instance got its details from EC2 (second lookup)
    const db = texts.find((t) => t.includes(ids.db!))!;
    expect(db).toContain('*db-1*');
    expect(db).toContain('prod/eu-west-1');
    // the Health issue with no instance is a notice; the Health filter asked for what the issue says
    expect(texts.join('\n')).toContain('AWS Health issue `AWS_EC2_OPERATIONAL_ISSUE` in prod/eu-west-1');
    const describe = health.calls.find((c) => c.target === 'DescribeEvents' && c.account === 'prod')!;
    expect(describe.body.filter).toMatchObject({
      services: ['EC2'],
      regions: ['us-east-1', 'eu-west-1'],
      eventTypeCategories: ['scheduledChange', 'issue'],
      eventStatusCodes: ['open', 'upcoming'],
    });
    expect(
      health.calls.filter((c) => c.target === 'DescribeEvents' && c.account === 'prod').length,
    ).toBeGreaterThan(1);
  });

  it('puts operation buttons on rows, each an opaque reference to an OpRef', async () => {
    const res = await bot.command('events prod us-east-1');
    const answer = await firstAnswer(res.responseUrl);
    const buttons = buttonsOf(answer);
    const ids_ = buttons.map((b) => b.action_id);
    expect(new Set(ids_).size).toBe(ids_.length);
    expect(ids_.every((id: string) => /^ec2\.op#\d+$/.test(id))).toBe(true);
    const refs = await Promise.all(
      buttons.map(async (b) => ({ label: b.text.text, ref: await bot.deps.refs.get<OpRef>(b.value) })),
    );
    for (const { ref } of refs) expect(ref?.origin?.kind).toBe('event');
    const find = (label: string, instanceId: string) =>
      refs.find((r) => r.label === label && r.ref?.instanceId === instanceId)?.ref;
    // an instance-reboot gets no "Reboot now": a user reboot is in place and the event stays open
    expect(refs.some((r) => r.ref?.instanceId === ids.evil && r.label.startsWith('Reboot'))).toBe(false);
    expect(find('Stop/Start now', ids.web1!)).toMatchObject({ op: 'recover', label: 'Stop/Start now' });
    expect(find('Reschedule', ids.web1!)).toMatchObject({
      op: 'reschedule',
      eventId: 'instance-event-0aaa',
      notBeforeDeadline: expect.stringMatching(/^\d{4}-/),
    });
    expect(find('Back up (AMI)', ids.web1!)).toMatchObject({ op: 'backup' });
    // no reschedule without NotBeforeDeadline, no stop/start for a reboot event
    expect(find('Reschedule', ids.evil!)).toBeUndefined();
    expect(find('Stop/Start now', ids.evil!)).toBeUndefined();
    expect(buttons.some((b) => /[:{]/.test(b.value))).toBe(false);

    const button = buttons.find((b) => b.text.text === 'Stop/Start now');
    bot.slack.clear();
    const pressUrl = bot.slack.responseUrl('press');
    await bot.action({
      type: 'block_actions',
      user: { id: 'U0ALICE' },
      team: { id: 'T0TEAM' },
      channel: { id: 'C0CHANNEL' },
      response_url: pressUrl,
      trigger_id: 'trig.1',
      // The events answer is ephemeral: Slack sends only the container for it.
      container: {
        type: 'message',
        message_ts: '1700000000.000100',
        channel_id: 'C0CHANNEL',
        is_ephemeral: true,
      },
      actions: [{ action_id: button.action_id, value: button.value, type: 'button' }],
    });
    // The button hands its OpRef to the operations feature: prod needs approval for a recover, so a plan
    // message with Approve / Reject for exactly that instance goes to the channel.
    const plan = await bot.slack.waitFor((calls) =>
      calls.find((c) => c.method === 'chat.postMessage' && String(c.body.text).includes(ids.web1!)),
    );
    expect(plan.body.channel).toBe('C0CHANNEL');
    expect(plan.body.thread_ts).toBeUndefined(); // no thread under an ephemeral message nobody else sees
    const actionIds = JSON.stringify(plan.body.blocks);
    expect(actionIds).toContain('ec2.approval.approve');
    expect(actionIds).toContain('ec2.approval.reject');
    expect(actionIds).not.toContain('<!channel>');
  });

  it('escapes AWS strings: a Name tag <!channel> and a link arrive as text', async () => {
    const res = await bot.command('events prod us-east-1');
    const answer = await firstAnswer(res.responseUrl);
    const raw = JSON.stringify(answer.body);
    expect(raw).not.toContain('<!channel>');
    expect(raw).not.toContain('<https://evil|click>');
    expect(raw).not.toContain('<!here>');
    const row = sectionTexts(answer).find((t) => t.includes(ids.evil!))!;
    expect(row).toContain('&lt;!channel&gt; &lt;https://evil|click&gt;');
    expect(row).toContain('scheduled reboot &lt;!here&gt;');
  });

  it('says Health was unavailable for an account without a support plan and keeps the EC2 events', async () => {
    const res = await bot.command('events all');
    expect(res.body.text).toBe('Looking up events in 2 accounts (4 account-regions)…');
    const answer = await firstAnswer(res.responseUrl);
    const text = sectionTexts(answer).join('\n');
    expect(text).toContain('AWS Health was not available for staging');
    expect(text).toContain('Business or Enterprise support plan');
    expect(text).toContain(ids.stage);
    expect(text).toContain('Instance retirement');
    expect(text.match(/AWS Health was not available/g)).toHaveLength(1);
  });

  it('all: the first scan tells which regions hold instances (no probe call), kept in Redis; later ones ask only those', async () => {
    const keys = redisKeys(bot.deps.keyPrefix);
    await bot.deps.redis.del(keys.activeRegions(PROD), keys.activeRegions(STAGING)); // nothing on record
    ec2Calls.length = 0;
    const first = await bot.command('events all');
    const firstText = sectionTexts(await firstAnswer(first.responseUrl)).join('\n');
    expect(firstText).toContain(ids.stage);
    // every region is asked once, by the scan itself: staging has no instance in eu-west-1, and that one
    // DescribeInstanceStatus is all it costs — no separate probe
    expect(ec2Calls.filter((c) => c.endsWith(':DescribeInstanceStatusCommand')).sort()).toEqual([
      'prod/eu-west-1:DescribeInstanceStatusCommand',
      'prod/us-east-1:DescribeInstanceStatusCommand',
      'staging/eu-west-1:DescribeInstanceStatusCommand',
      'staging/us-east-1:DescribeInstanceStatusCommand',
    ]);
    // DescribeInstances only where there are rows (prod/eu-west-1 twice: db-1 only Health names)
    expect(ec2Calls.filter((c) => c.endsWith(':DescribeInstancesCommand')).sort()).toEqual([
      'prod/eu-west-1:DescribeInstancesCommand',
      'prod/eu-west-1:DescribeInstancesCommand',
      'prod/us-east-1:DescribeInstancesCommand',
      'staging/us-east-1:DescribeInstancesCommand',
    ]);
    expect(firstText).not.toContain('without instances at the last probe'); // it was asked
    expect(JSON.parse((await bot.deps.redis.get(keys.activeRegions(STAGING)))!)).toEqual({
      probed: ['eu-west-1', 'us-east-1'],
      active: ['us-east-1'],
    });
    ec2Calls.length = 0;
    const second = await bot.command('events all');
    const secondText = sectionTexts(await firstAnswer(second.responseUrl)).join('\n');
    expect(secondText).toContain(ids.stage);
    expect(secondText).toContain('1 account-region without instances at the last probe');
    // on record: the second command asks DescribeInstanceStatus (filtered by event code) in the 3 active regions only
    expect(ec2Calls.filter((c) => c.endsWith(':DescribeInstanceStatusCommand')).sort()).toEqual([
      'prod/eu-west-1:DescribeInstanceStatusCommand',
      'prod/us-east-1:DescribeInstanceStatusCommand',
      'staging/us-east-1:DescribeInstanceStatusCommand',
    ]);
    expect(ec2Calls.filter((c) => c.startsWith('staging/eu-west-1:'))).toEqual([]);
  });

  it('all: a region whose first scan failed is kept on record (asked again next time), and named as not searched', async () => {
    const keys = redisKeys(bot.deps.keyPrefix);
    await bot.deps.redis.del(keys.activeRegions(PROD), keys.activeRegions(STAGING));
    denied = 'staging/eu-west-1';
    const res = await bot.command('events all');
    const text = sectionTexts(await firstAnswer(res.responseUrl)).join('\n');
    expect(text).toContain('*staging/eu-west-1* EC2 scheduled events: access denied');
    expect(JSON.parse((await bot.deps.redis.get(keys.activeRegions(STAGING)))!).active).toEqual([
      'eu-west-1',
      'us-east-1',
    ]);
    await bot.deps.redis.del(keys.activeRegions(PROD), keys.activeRegions(STAGING));
  });

  it('all: streams — one message shows the accounts that answered, then the answer replaces it', async () => {
    const fleet = slowFleet();
    try {
      const res = await bot.command('events all');
      const id = res.responseUrl.split('/').pop();
      // staging answers once the progress message (prod answered, staging not yet) is out
      await bot.slack.waitFor(
        (c) => c.find((x) => x.method === 'response_url' && x.responseId === id),
        30_000,
      );
      fleet.release();
      const calls = await bot.slack.waitFor((c) => {
        const mine = c.filter((x) => x.method === 'response_url' && x.responseId === id);
        return mine.some((x) => has(x, ids.stage!)) ? mine : undefined;
      }, 30_000);
      const [progress, final] = calls;
      expect(progress!.body.replace_original).toBe(true);
      expect(progress!.body.text).toContain('1 of 2 accounts answered so far');
      expect(progress!.body.text).toContain('`instance-stop` 1');
      expect(final!.body.replace_original).toBe(true);
      expect(JSON.stringify(final!.body)).toContain(ids.stage);
      expect(calls).toHaveLength(2);
    } finally {
      fleet.release();
      slow.clear();
    }
  });

  it('status all streams the same way (the one progress mechanism)', async () => {
    const fleet = slowFleet();
    try {
      const res = await bot.command('status all');
      const id = res.responseUrl.split('/').pop();
      await bot.slack.waitFor(
        (c) => c.find((x) => x.method === 'response_url' && x.responseId === id),
        30_000,
      );
      fleet.release();
      const calls = await bot.slack.waitFor((c) => {
        const mine = c.filter((x) => x.method === 'response_url' && x.responseId === id);
        return mine.some((x) => !has(x, ':hourglass_flowing_sand:')) ? mine : undefined;
      }, 30_000);
      expect(calls.map((c) => c.body.replace_original)).toEqual([true, true]);
      expect(calls[0]!.body.text).toContain('Failing status checks — all*: 1 of 2 accounts answered so far');
      expect(calls[1]!.body.text).not.toContain(':hourglass_flowing_sand:');
    } finally {
      fleet.release();
      slow.clear();
    }
  });

  it('gives partial results and names the region that refused', async () => {
    denied = 'prod/eu-west-1';
    const res = await bot.command('events prod');
    const answer = await firstAnswer(res.responseUrl);
    const text = sectionTexts(answer).join('\n');
    expect(text).toContain('*prod/eu-west-1* EC2 scheduled events: access denied (`UnauthorizedOperation`)');
    expect(text).toContain(ids.web1);
    expect(text).not.toContain(ids.host);
  });

  it('names an account whose Health answered AccessDenied, and keeps its EC2 events', async () => {
    const before = health.accounts.get('prod')!;
    health.set('prod', { ...before, accessDenied: true });
    try {
      const res = await bot.command('events prod us-east-1');
      const text = sectionTexts(await firstAnswer(res.responseUrl)).join('\n');
      expect(text).toContain('*prod* AWS Health: access denied (`AccessDeniedException`)');
      expect(text).not.toContain('AWS Health was not available');
      expect(text).toContain(ids.web1);
    } finally {
      health.set('prod', before);
    }
  });

  it('says plainly when there are no events, naming the regions checked', async () => {
    const res = await bot.command('events staging eu-west-1');
    const answer = await firstAnswer(res.responseUrl);
    expect(answer.body.text).toContain('No scheduled events in staging (eu-west-1).');
  });

  it('answers an unknown account at once with the known ones and enqueues nothing', async () => {
    const res = await bot.command('events nope');
    expect(res.body.text).toContain('No account "nope"');
    expect(res.body.text).toContain('Known accounts: prod, staging');
    // No wait: a command enqueues before it acks, so by this answer any job it made is in the queue or,
    // if already run, has answered through response_url. Neither is there.
    const pending = await bot.deps.queues
      .get(QUEUE.query)
      .getJobs(['waiting', 'active', 'delayed', 'prioritized']);
    expect(pending.filter((j) => j.data.responseUrl === res.responseUrl)).toHaveLength(0);
    expect(bot.slack.callsOf('response_url')).toHaveLength(0);
  });

  it('posts in the channel with --public', async () => {
    const res = await bot.command('events prod us-east-1 --public');
    const answer = await firstAnswer(res.responseUrl);
    expect(answer.body.response_type).toBe('in_channel');
  });
});

describe('/ec2 events with many events', () => {
  it('splits a large answer into follow-ups within Slack limits, then "N more"', async () => {
    const many = await moto.launch(STAGING, 'eu-west-1', { name: 'bulk', count: 120 });
    for (const [n, id] of many.entries()) {
      await moto.injectEvents(STAGING, 'eu-west-1', id, [
        { Code: n % 2 ? 'instance-stop' : 'system-maintenance', NotBefore: at(1 + n / 100) },
      ]);
    }
    const res = await bot.command('events staging eu-west-1');
    const calls = await bot.slack.waitFor((c) => {
      const got = answersTo(res.responseUrl)(c);
      return got.length >= 5 ? got : undefined;
    }, 30_000);
    // The job sends every message before it completes: once the query queue has nothing left to run,
    // no sixth message can come.
    await queueSettled(bot, QUEUE.query);
    const all = answersTo(res.responseUrl)(bot.slack.calls);
    expect(all).toHaveLength(5);
    for (const c of all) {
      expect(c.body.blocks.length).toBeLessThanOrEqual(50);
      for (const t of sectionTexts(c)) expect(t.length).toBeLessThanOrEqual(3000);
    }
    expect(sectionTexts(calls[0]!)[0]).toContain('120 events on 120 instances');
    const last = all[4]!.body.blocks.at(-1);
    expect(last.type).toBe('context');
    expect(last.elements[0].text).toMatch(/^\d+ more events not shown/);
    for (const c of all.slice(1)) expect(c.body.replace_original).toBe(false);
  }, 60_000);
});

describe('AWS Health in a us-east-1 incident', () => {
  afterEach(() => health.down.clear());

  it('fails over to us-east-2, remembers it, and the events still come', async () => {
    health.down.set('us-east-1', 'drop');
    health.calls.length = 0;
    const res = await bot.command('events prod eu-west-1');
    const answer = await firstAnswer(res.responseUrl);
    // the Health-only retirement of db-1 came from us-east-2
    expect(JSON.stringify(answer.body)).toContain(ids.db!);
    expect(JSON.stringify(answer.body)).toContain('instance-retirement');
    const prod = health.calls.filter((c) => c.account === 'prod');
    expect(prod.some((c) => c.region === 'us-east-1')).toBe(true);
    expect(prod.filter((c) => c.region === 'us-east-2').map((c) => c.target)).toContain('DescribeEvents');
    expect(bot.deps.aws.healthRegion.region).toBe('us-east-2');

    // the active region is remembered: the next scan goes to us-east-2 first
    health.calls.length = 0;
    bot.slack.clear();
    const again = await bot.command('events prod eu-west-1');
    expect(JSON.stringify((await firstAnswer(again.responseUrl)).body)).toContain(ids.db!);
    expect(health.calls.filter((c) => c.account === 'prod').every((c) => c.region === 'us-east-2')).toBe(
      true,
    );

    // and when us-east-2 fails (HTTP 503) while us-east-1 is back, it fails back
    health.down.clear();
    health.down.set('us-east-2', '503');
    bot.slack.clear();
    const back = await bot.command('events prod eu-west-1');
    expect(JSON.stringify((await firstAnswer(back.responseUrl)).body)).toContain(ids.db!);
    expect(bot.deps.aws.healthRegion.region).toBe('us-east-1');
  }, 90_000);
});
