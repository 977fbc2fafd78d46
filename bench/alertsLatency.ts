import type { FakeSlack, SlackCall } from '../test/helpers/fakeSlack';
import type { Moto } from '../test/helpers/moto';
import { cleanPrefix } from '../test/helpers/redis';
import { postAll } from './alertsLoad';
import { freePort, startNode, stopChild, waitHttp } from './alertsProcs';
import { type BenchRow, percentile } from './types';

/** The account every latency sample alerts on (the bench config's first account). */
const ACCOUNT = { id: '111111111111', channel: 'C0BENCHPROD' };
const SINGLES = 30;
const STORMS = 8;
const STORM_SIZE = 300;
/** A short aggregation window, so back-to-back samples are separate incidents (the first post never waits for it). */
const WINDOW_MS = 1000;

const alarm = (instanceId: string, at: string, n: number): string =>
  JSON.stringify({
    version: '0',
    id: `lat-${n}-${instanceId}`,
    'detail-type': 'CloudWatch Alarm State Change',
    source: 'aws.cloudwatch',
    account: ACCOUNT.id,
    time: at,
    region: 'us-east-1',
    resources: [`arn:aws:cloudwatch:us-east-1:${ACCOUNT.id}:alarm:${instanceId}-check`],
    detail: {
      alarmName: `${instanceId}-check`,
      state: { value: 'ALARM', reason: 'Threshold Crossed', timestamp: at },
      previousState: { value: 'OK', reason: 'ok', timestamp: at },
      configuration: {
        metrics: [
          {
            id: 'm1',
            metricStat: {
              metric: {
                namespace: 'AWS/EC2',
                name: 'StatusCheckFailed_System',
                dimensions: { InstanceId: instanceId },
              },
              period: 60,
              stat: 'Maximum',
            },
            returnData: true,
          },
        ],
      },
    },
  });

const firstPostAfter = (slack: FakeSlack, from: number, pred: (c: SlackCall) => boolean) =>
  slack.calls.find((c) => c.at >= from && c.method === 'chat.postMessage' && !c.body.thread_ts && pred(c));

async function waitPost(
  slack: FakeSlack,
  from: number,
  pred: (c: SlackCall) => boolean,
): Promise<number | undefined> {
  const end = Date.now() + 30_000;
  while (Date.now() < end) {
    const c = firstPostAfter(slack, from, pred);
    if (c) return c.at;
    await new Promise((r) => setTimeout(r, 20));
  }
  return undefined;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One urgent alarm at a time on a real (moto) instance: webhook POST → its alert posted to Slack. */
async function singles(url: string, slack: FakeSlack, ids: string[], headers: Record<string, string>) {
  const ms: number[] = [];
  for (const [n, id] of ids.entries()) {
    const t0 = Date.now();
    await postAll(url, [alarm(id, new Date().toISOString(), n)], headers, 1);
    const at = await waitPost(slack, t0, (c) => JSON.stringify(c.body).includes(id));
    if (at !== undefined) ms.push(at - t0);
    await pause(WINDOW_MS + 200);
  }
  return ms;
}

/** Storms of status-check alarms: first delivery sent → the storm's first message in Slack. */
async function storms(url: string, slack: FakeSlack, headers: Record<string, string>) {
  const ms: number[] = [];
  for (let s = 0; s < STORMS; s++) {
    const at = new Date().toISOString();
    // instances of their own per storm (not in moto: the look-up answers "not found" just as fast)
    const bodies = Array.from({ length: STORM_SIZE }, (_, n) =>
      alarm(`i-0${(0xbe000000 + s * STORM_SIZE + n).toString(16).padStart(16, '0')}`, at, s),
    );
    const t0 = Date.now();
    const sent = postAll(url, bodies, headers);
    const first = await waitPost(slack, t0, (c) => c.body.channel === ACCOUNT.channel);
    await sent;
    if (first !== undefined) ms.push(first - t0);
    await pause(WINDOW_MS * 3);
  }
  return ms;
}

const f = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : 'n/a');

/**
 * Webhook → Slack latency with web and worker running as their own processes (the instance look-up
 * included: the instances are moto's), as p50/p99 of single urgent alerts and of the first message
 * of a storm.
 */
export async function latencyRows(
  env: Record<string, string>,
  slack: FakeSlack,
  moto: Moto,
  token: string,
): Promise<BenchRow[]> {
  const ids = await moto.launch(ACCOUNT.id, 'us-east-1', { count: SINGLES, name: 'bench-latency' });
  const port = await freePort();
  const procEnv = { ...env, ...moto.env, PORT: String(port), EC2BOT_ALERT_WINDOW_MS: String(WINDOW_MS) };
  const web = startNode(['src/main.ts', 'web'], procEnv);
  const worker = startNode(['src/main.ts', 'worker'], procEnv);
  const url = `http://127.0.0.1:${port}/webhooks/aws`;
  const headers = { 'content-type': 'application/json', 'x-ec2bot-token': token };
  try {
    await waitHttp(`http://127.0.0.1:${port}/healthz`);
    slack.clear();
    const single = await singles(url, slack, ids, headers);
    const storm = await storms(url, slack, headers);
    const row = (figure: string, xs: number[], n: number): BenchRow => ({
      figure: `${figure} (ms, ${xs.length}/${n} samples)`,
      ours: `p50 ${f(percentile(xs, 50))} · p99 ${f(percentile(xs, 99))}`,
      baseline: 'before: the window (10 s) + send',
      ratio: '—',
      target: 'p50 ≤ 2000 · p99 ≤ 4000',
    });
    return [
      row('webhook → Slack, single urgent alert, look-up included', single, SINGLES),
      row(`webhook → Slack, first message of a storm (${STORM_SIZE} deliveries)`, storm, STORMS),
    ];
  } finally {
    await stopChild(web);
    await stopChild(worker);
    await cleanPrefix(env.EC2BOT_REDIS_PREFIX ?? 'none');
  }
}
