import { readAlertCounters } from '../../src/alerts/counters';
import { QUEUE } from '../../src/jobs/queues';
import { accountsYaml, withChanges } from '../helpers/accountsConfig';
import { alarmEvent, newInstanceId } from '../helpers/alertEvents';
import { postEvent, postSns, postsTo, TestSns } from '../helpers/alertsKit';
import { startTestBot, type TestBot, TWO_ACCOUNTS_SPEC } from '../helpers/bot';
import { until } from '../helpers/ops';

/**
 * POST /webhooks/aws on the real HTTP server: EventBridge token, SNS signatures (a test key and
 * certificate: the real SNS hosts are unreachable, so the bot's cert fetcher port is pointed at a local
 * server), size and JSON limits. Real Redis and BullMQ; Slack is the fake (no workspace in tests).
 */
const TOPIC = 'arn:aws:sns:us-east-1:111111111111:ec2-alerts';
const CONFIG = accountsYaml(withChanges(TWO_ACCOUNTS_SPEC, { accounts: { prod: { sns_topics: [TOPIC] } } }));

let bot: TestBot;
const sns = new TestSns();

beforeAll(async () => {
  process.env.EC2BOT_ALERT_WINDOW_MS = '200';
  process.env.EC2BOT_ALERT_PACE_MS = '100';
  await sns.start();
  bot = await startTestBot({ name: 'alerts-webhook', config: CONFIG, snsHttp: sns.http });
});
afterAll(async () => {
  await bot?.close();
  await sns.stop();
});
beforeEach(() => {
  bot.slack.clear();
  sns.requested.length = 0;
});

const ingestJobs = async (): Promise<number> => {
  const c = await bot.deps.queues
    .get(QUEUE.alerts)
    .getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed');
  return Object.values(c).reduce((a, b) => a + b, 0);
};

describe('EventBridge API destination', () => {
  it('refuses a wrong or missing x-ec2bot-token with 401 and enqueues nothing', async () => {
    const before = await ingestJobs();
    const ev = alarmEvent({ instanceId: newInstanceId(), value: 'ALARM', at: new Date().toISOString() });
    expect((await postEvent(bot.url, ev, { token: 'wrong-token' })).status).toBe(401);
    expect((await postEvent(bot.url, ev, { token: null })).status).toBe(401);
    expect(await ingestJobs()).toBe(before);
    expect(bot.logs.join('')).toContain('x-ec2bot-token does not match WEBHOOK_TOKEN');
    expect(bot.logs.join('')).not.toContain('wrong-token');
  });

  it('answers 400 to malformed JSON and 413 to a body over 256 KB', async () => {
    expect((await postEvent(bot.url, null, { raw: '{"source": "aws.health",' })).status).toBe(400);
    const big = JSON.stringify({ source: 'aws.health', pad: 'x'.repeat(300 * 1024) });
    expect((await postEvent(bot.url, null, { raw: big })).status).toBe(413);
  });

  it('answers 400 to a deeply nested body while a good event sent at the same time is queued and delivered', async () => {
    const id = newInstanceId();
    const good = alarmEvent({ instanceId: id, value: 'ALARM', at: new Date().toISOString() });
    const deep = `{"source":"aws.health","detail-type":"AWS Health Event","detail":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const deepAsArray = `${'['.repeat(120_000)}${']'.repeat(120_000)}`;
    // sent together so they share the web process's ingest batch
    const [bad, ok, bad2] = await Promise.all([
      postEvent(bot.url, null, { raw: deep }),
      postEvent(bot.url, good),
      postEvent(bot.url, null, { raw: deepAsArray }),
    ]);
    expect([bad.status, ok.status, bad2.status]).toEqual([400, 202, 400]);
    expect(bad.body.error).toContain('nested deeper');
    await bot.slack.waitFor((c) =>
      postsTo(c, 'C0PRODALERT').find((p) => JSON.stringify(p.body).includes(id)),
    );
    expect((await readAlertCounters(bot.deps))['rejected-too-deep']).toBeGreaterThanOrEqual(2);
    // a nested SNS Message is refused the same way (after its signature is verified)
    const m = sns.envelope({ Type: 'Notification', TopicArn: TOPIC, Message: deep });
    const viaSns = await postSns(bot.url, m);
    expect(viaSns.status).toBe(400);
  });

  it('acknowledges an event type it does not handle with 202 and counts it', async () => {
    const before = (await readAlertCounters(bot.deps))['unknown-type'] ?? 0;
    const res = await postEvent(bot.url, { source: 'aws.s3', 'detail-type': 'Object Created', detail: {} });
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('ignored');
    expect((await readAlertCounters(bot.deps))['unknown-type']).toBe(before + 1);
  });

  it('answers a valid event with 202 within a second and the alert reaches the channel', async () => {
    const id = newInstanceId();
    const t0 = Date.now();
    const res = await postEvent(
      bot.url,
      alarmEvent({ instanceId: id, value: 'ALARM', at: new Date().toISOString() }),
    );
    expect(res.status).toBe(202);
    expect(Date.now() - t0).toBeLessThan(1000);
    const post = await bot.slack.waitFor((c) =>
      postsTo(c, 'C0PRODALERT').find((p) => p.body.text.includes('System status check failed')),
    );
    expect(JSON.stringify(post.body.blocks)).toContain(id);
  });

  it('refuses every EventBridge delivery when WEBHOOK_TOKEN is unset, and says why in the log', async () => {
    const other = await startTestBot({ name: 'alerts-notoken', worker: false, env: { WEBHOOK_TOKEN: '' } });
    try {
      const res = await postEvent(other.url, { source: 'aws.health' }, { token: '' });
      expect(res.status).toBe(401);
      expect(other.logs.join('')).toContain('WEBHOOK_TOKEN is not set');
    } finally {
      await other.close();
    }
  });
});

describe('SNS HTTP(S) subscription', () => {
  const message = () =>
    JSON.stringify(alarmEvent({ instanceId: newInstanceId(), value: 'ALARM', at: new Date().toISOString() }));

  it.each(['1', '2'])(
    'accepts a notification signed with SignatureVersion %s and unwraps Message',
    async (v) => {
      const msg = message();
      const id = JSON.parse(msg).detail.configuration.metrics[0].metricStat.metric.dimensions.InstanceId;
      const res = await postSns(
        bot.url,
        sns.envelope({ Type: 'Notification', TopicArn: TOPIC, Message: msg, Subject: 'x' }, v),
      );
      expect(res.status).toBe(202);
      await bot.slack.waitFor((c) =>
        postsTo(c, 'C0PRODALERT').find((p) => JSON.stringify(p.body.blocks).includes(id)),
      );
    },
  );

  it('rejects a forged signature (message changed after signing)', async () => {
    const m = sns.envelope({ Type: 'Notification', TopicArn: TOPIC, Message: message() });
    m.Message = message();
    expect((await postSns(bot.url, m)).status).toBe(401);
  });

  it('rejects a cert URL on another host without fetching it', async () => {
    for (const url of [
      'https://sns.us-east-1.amazonaws.com.evil.example/c.pem',
      'https://sns.us-east-1.amazonaws.com\\.evil.example/c.pem',
      'http://sns.us-east-1.amazonaws.com/c.pem',
    ]) {
      const m = sns.envelope({
        Type: 'Notification',
        TopicArn: TOPIC,
        Message: message(),
        SigningCertURL: url,
      });
      expect((await postSns(bot.url, m)).status).toBe(401);
    }
    expect(sns.requested).toEqual([]);
  });

  it('confirms a subscription only for a topic listed in sns_topics', async () => {
    const subscribe = (topic: string) =>
      sns.envelope({
        Type: 'SubscriptionConfirmation',
        TopicArn: topic,
        Message: 'You have chosen to subscribe',
        Token: 'tok',
        SubscribeURL: `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${topic}&Token=tok`,
      });
    const stranger = 'arn:aws:sns:us-east-1:999999999999:not-ours';
    expect((await postSns(bot.url, subscribe(stranger))).status).toBe(403);
    expect((await postSns(bot.url, subscribe(TOPIC))).status).toBe(202);
    // The listed topic's confirmation (made after the 202) is the event to wait for; the stranger's
    // request was refused with its 403 before that, so it has no confirmation still to come.
    const confirms = await until(async () => {
      const c = sns.requested.filter((u) => u.includes('ConfirmSubscription'));
      return c.length ? c : undefined;
    }, 'the subscription to be confirmed');
    expect(confirms).toHaveLength(1);
    expect(confirms[0]).toContain(TOPIC);
  });

  it('fetches a signing certificate once and then uses the cache', async () => {
    const SigningCertURL = 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-cache.pem';
    for (let i = 0; i < 3; i++) {
      const m = sns.envelope({ Type: 'Notification', TopicArn: TOPIC, Message: message(), SigningCertURL });
      expect((await postSns(bot.url, m)).status).toBe(202);
    }
    expect(sns.requested.filter((u) => u === SigningCertURL)).toHaveLength(1);
  });
});
