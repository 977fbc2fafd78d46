import { AwsIngest } from '../../handlers/webhook/ingest';
import { readAlertCounters } from '../../src/alerts/counters';
import { type EventsQueue, sqsEventsQueue } from '../../src/aws/eventsQueue';
import { SqsIntake } from '../../src/intake/sqsIntake';
import { accountsYaml, withChanges } from '../helpers/accountsConfig';
import { healthEvent, newInstanceId } from '../helpers/alertEvents';
import { TestSns } from '../helpers/alertsKit';
import { startTestBot, type TestBot, TWO_ACCOUNTS_SPEC } from '../helpers/bot';
import { type Moto, startMoto, useMotoEnv } from '../helpers/moto';
import { MotoSqs } from '../helpers/motoSqs';
import { until } from '../helpers/ops';

/**
 * AWS events from SQS (AWS_EVENTS_QUEUE_URL) on moto's SQS and EventBridge: the bot's own intake in the
 * web process, real Redis and BullMQ, Slack the fake. The crash and the slow ingest are the only
 * stand-ins: a process cannot be killed at an exact line, so a queue port whose delete "dies" plays the
 * crash; a slow ingest plays a Redis that takes longer than the visibility timeout.
 */
jest.setTimeout(120_000);

const TOPIC = 'arn:aws:sns:us-east-1:111111111111:ec2-alerts';
const CONFIG = accountsYaml(withChanges(TWO_ACCOUNTS_SPEC, { accounts: { prod: { sns_topics: [TOPIC] } } }));
const STAGE = 'C0STAGEALERT';
const FAST = { waitSeconds: 1, visibilitySeconds: 2, pollers: 2 };

let moto: Moto;
let aws: MotoSqs;
let bot: TestBot;
let main: { queue: { url: string; arn: string }; dlq: { url: string; arn: string } };
const sns = new TestSns();

/** A Health retirement of one instance of prod (detail.affectedAccount names the account). */
const retirement = (instanceId: string, account = '111111111111') => {
  const ev = healthEvent({
    account,
    entities: [instanceId],
    eventArn: `arn:aws:health:us-east-1::event/EC2/R/${instanceId}`,
  });
  ev.id = `ev-${instanceId}`; // one event, one EventBridge id (the intake dedupes on it)
  return { ev, detail: ev.detail as object };
};

/**
 * The alerts that name an instance, one per alert message: a new alert is posted; a living one may take
 * the instance in an update (same ts) or list it in its thread (thread_ts = the alert's ts).
 */
const alertsFor = (id: string, channel = 'C0PRODALERT'): string[] => [
  ...new Set(
    bot.slack.calls
      .filter((c) => c.body.channel === channel)
      .filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update')
      .filter((c) => JSON.stringify(c.body).includes(id))
      .map((c) => String(c.body.thread_ts ?? (c.method === 'chat.update' ? c.body.ts : c.ts))),
  ),
];

const empty = (url: string) =>
  until(
    async () => {
      const d = await aws.depth(url);
      return d.visible + d.inFlight === 0;
    },
    `queue ${url} empty`,
    60_000,
  );

const metric = async (name: string): Promise<number> => {
  const text = await bot.deps.metrics.registry.getSingleMetricAsString(name);
  return text
    .split('\n')
    .filter((l) => l.startsWith(name))
    .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
};

/** ec2bot_intake_messages_deleted_total{outcome} */
const deletedAs = async (outcome: string): Promise<number> => {
  const text = await bot.deps.metrics.registry.getSingleMetricAsString(
    'ec2bot_intake_messages_deleted_total',
  );
  const line = text.split('\n').find((l) => l.includes(`outcome="${outcome}"`));
  return Number(line?.split(' ').pop() ?? 0);
};

beforeAll(async () => {
  process.env.EC2BOT_ALERT_WINDOW_MS = '200';
  process.env.EC2BOT_ALERT_PACE_MS = '100';
  moto = await startMoto();
  useMotoEnv(moto);
  aws = new MotoSqs(moto.url);
  await sns.start();
  main = await aws.queueWithDlq('ec2bot-events', { maxReceiveCount: 2 });
  bot = await startTestBot({
    name: 'sqs-intake',
    config: CONFIG,
    snsHttp: sns.http,
    env: { AWS_EVENTS_QUEUE_URL: main.queue.url },
    intake: FAST,
  });
});

afterAll(async () => {
  await bot?.close();
  aws?.destroy();
  await sns.stop();
  await moto?.stop();
});

describe('the SQS intake in the web process', () => {
  it('an EventBridge rule with the queue as target delivers a Health event that becomes an alert; the message is deleted', async () => {
    await aws.ruleToQueue('ec2bot-health', { source: ['aws.health'] }, main.queue.arn);
    const id = newInstanceId();
    await aws.putEvent({
      source: 'aws.health',
      detailType: 'AWS Health Event',
      detail: retirement(id).detail,
    });
    await bot.slack.waitFor(() => alertsFor(id).length > 0, 60_000);
    await empty(main.queue.url);
    expect(alertsFor(id)).toHaveLength(1);
    expect(await metric('ec2bot_intake_messages_received_total')).toBeGreaterThanOrEqual(1);
    expect(await metric('ec2bot_intake_messages_deleted_total')).toBeGreaterThanOrEqual(1);
    const scrape = await (await fetch(`${bot.url}/metrics`)).text();
    expect(scrape).toMatch(/ec2bot_intake_oldest_message_age_seconds \d/);
  });

  it('takes SNS envelopes (signature verified) and raw SNS deliveries; a forged envelope is never deleted', async () => {
    const [a, b] = [newInstanceId(), newInstanceId()];
    const signed = sns.envelope({
      Type: 'Notification',
      TopicArn: TOPIC,
      Message: JSON.stringify(retirement(a).ev),
    });
    await aws.send(main.queue.url, JSON.stringify(signed));
    await aws.send(main.queue.url, JSON.stringify(retirement(b).ev)); // raw message delivery: the event itself
    await bot.slack.waitFor(() => alertsFor(a).length > 0 && alertsFor(b).length > 0, 60_000);
    const c = newInstanceId();
    const forged = {
      ...sns.envelope({ Type: 'Notification', TopicArn: TOPIC, Message: '{}' }),
      Message: JSON.stringify(retirement(c).ev),
    };
    const failedBefore = await metric('ec2bot_intake_messages_failed_total');
    await aws.send(main.queue.url, JSON.stringify(forged));
    // received twice (maxReceiveCount 2), refused each time, then moved to the DLQ by SQS, not by the bot
    await until(
      async () => (await aws.peek(main.dlq.url)).some((x) => x.includes(c)),
      'forged envelope in the DLQ',
      60_000,
    );
    expect(await metric('ec2bot_intake_messages_failed_total')).toBeGreaterThanOrEqual(failedBefore + 2);
    expect(alertsFor(c)).toHaveLength(0);
    expect((await readAlertCounters(bot.deps))['rejected-sns']).toBeGreaterThanOrEqual(2);
  });

  it('dedupes on the event id: the same event twice and its Health backup-Region copy make one alert', async () => {
    const id = newInstanceId();
    const { ev } = retirement(id, '222222222222');
    const backup = {
      ...ev,
      id: `${ev.id}-backup`,
      region: 'us-east-2',
      detail: { ...ev.detail, backupEvent: 'true' },
    };
    const dupBefore = await deletedAs('duplicate');
    await aws.send(main.queue.url, JSON.stringify(ev));
    await aws.send(main.queue.url, JSON.stringify(ev));
    await aws.send(main.queue.url, JSON.stringify(backup));
    await bot.slack.waitFor(() => alertsFor(id, STAGE).length > 0, 60_000);
    await empty(main.queue.url);
    expect(await deletedAs('duplicate')).toBe(dupBefore + 1);
    await new Promise((r) => setTimeout(r, 1500));
    expect(alertsFor(id, STAGE)).toHaveLength(1);
    expect((await readAlertCounters(bot.deps))['ignored:health-backup-copy']).toBeGreaterThanOrEqual(1);
  });

  it('never deletes what it cannot parse: a poison message reaches the DLQ through the redrive policy', async () => {
    const poison = `{"source": "aws.health", "id": "poison-${Date.now()}"`;
    await aws.send(main.queue.url, poison);
    await until(async () => (await aws.peek(main.dlq.url)).includes(poison), 'poison in the DLQ', 60_000);
    await empty(main.queue.url);
    expect(bot.logs.join('')).toContain('left on the queue');
    expect(bot.logs.join('')).toMatch(/"receiveCount":2/);
  });
});

describe('crash and slow work', () => {
  const ingestOf = (b: TestBot) => {
    const ingest = new AwsIngest(b.deps);
    return (raw: string, bytes: number) => ingest.body(raw, bytes, 'queue');
  };

  it('a consumer killed between receive and delete: the event is delivered again and alerted once', async () => {
    const q = await aws.create('ec2bot-crash', { VisibilityTimeout: '2' });
    const real = sqsEventsQueue(q.url);
    let received = 0;
    let died!: () => void;
    const dead = new Promise<void>((r) => (died = r));
    const dying: EventsQueue = {
      ...real,
      url: q.url,
      receive: async (o) => {
        const got = await real.receive(o);
        received += got.length;
        return got;
      },
      // the process dies after the enqueue resolved and before DeleteMessageBatch reached SQS
      delete: async () => {
        died();
        throw new Error('process killed');
      },
      destroy: () => {},
    };
    const first = new SqsIntake(dying, ingestOf(bot), bot.deps, { ...FAST, pollers: 1 });
    const id = newInstanceId();
    // staging: its own alert channel, so no open prod alert from the tests above can take this instance in
    await aws.send(q.url, JSON.stringify(retirement(id, '222222222222').ev));
    first.start();
    await dead;
    await first.stop();
    expect(received).toBe(1);
    expect((await aws.depth(q.url)).inFlight + (await aws.depth(q.url)).visible).toBe(1);
    const second = new SqsIntake(sqsEventsQueue(q.url), ingestOf(bot), bot.deps, { ...FAST, pollers: 1 });
    second.start();
    try {
      await empty(q.url);
      await bot.slack.waitFor(() => alertsFor(id, STAGE).length > 0, 60_000);
      expect(await deletedAs('duplicate')).toBeGreaterThanOrEqual(1);
      // give a second alert every chance to appear before saying there is none
      await new Promise((r) => setTimeout(r, 1500));
      expect(alertsFor(id, STAGE)).toHaveLength(1);
    } finally {
      await second.stop();
      real.destroy();
    }
  });

  it('extends the visibility of a message still being worked on: no other consumer gets it meanwhile', async () => {
    const q = await aws.create('ec2bot-slow', { VisibilityTimeout: '1' });
    const seenBy: string[] = [];
    const slow = new SqsIntake(
      sqsEventsQueue(q.url),
      async () => {
        seenBy.push('slow');
        await new Promise((r) => setTimeout(r, 4000)); // 4 visibility timeouts
        return { status: 202, body: { status: 'queued' } };
      },
      bot.deps,
      { waitSeconds: 1, visibilitySeconds: 1, pollers: 1 },
    );
    const other = new SqsIntake(
      sqsEventsQueue(q.url),
      async () => {
        seenBy.push('other');
        return { status: 202, body: { status: 'queued' } };
      },
      bot.deps,
      { waitSeconds: 1, visibilitySeconds: 1, pollers: 1 },
    );
    await aws.send(
      q.url,
      JSON.stringify({ source: 'test', 'detail-type': 'slow', id: `slow-${Date.now()}` }),
    );
    slow.start();
    await until(async () => seenBy.length > 0, 'slow consumer has it', 60_000);
    other.start();
    try {
      await empty(q.url);
      expect(seenBy).toEqual(['slow']);
    } finally {
      await slow.stop();
      await other.stop();
    }
  });
});
