import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RedisTarget } from '../src/redis/client';
import { FakeSlack, type SlackCall } from '../test/helpers/fakeSlack';
import { startMoto } from '../test/helpers/moto';
import { cleanPrefix, REDIS_URL } from '../test/helpers/redis';
import { startRedisCluster } from '../test/helpers/redisCluster';
import { latencyRows } from './alertsLatency';
import { postAll } from './alertsLoad';
import { BASELINE_SERVER, freePort, startNode, stopChild, waitHttp } from './alertsProcs';
import { peakRssMb } from './procs';
import type { BenchResult, BenchRow } from './types';

const INSTANCES = 5000;
const DUPLICATES = 0.2;
const TOKEN = 'bench-webhook-token-0123456789';
const ACCOUNTS = [
  { alias: 'prod', id: '111111111111', channel: 'C0BENCHPROD' },
  { alias: 'staging', id: '222222222222', channel: 'C0BENCHSTAGE' },
  { alias: 'dev', id: '333333333333', channel: 'C0BENCHDEV' },
];
const CODES = ['AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED', 'AWS_EC2_SYSTEM_MAINTENANCE_EVENT'];

const config = (): string =>
  `accounts:\n${ACCOUNTS.map(
    (a) =>
      `  ${a.alias}:\n    id: "${a.id}"\n    role_arn: arn:aws:iam::${a.id}:role/ec2-ops-bot\n    alert_channel: ${a.channel}\n    oncall: [U0ONCALL]\n    operators: [U0ONCALL]\n`,
  ).join('')}`;

/** One Health event per affected instance (AWS sends account-specific events per entity), as captured. */
export function healthEvent(n: number): { body: string; instanceId: string } {
  const a = ACCOUNTS[n % ACCOUNTS.length] as (typeof ACCOUNTS)[number];
  const code = CODES[Math.floor(n / 3) % CODES.length] as string;
  const instanceId = `i-0${n.toString(16).padStart(16, '0')}`;
  const ev = {
    version: '0',
    id: `bench-${n}`,
    'detail-type': 'AWS Health Event',
    source: 'aws.health',
    account: a.id,
    time: '2026-08-27T13:19:03Z',
    region: 'us-east-1',
    resources: [instanceId],
    detail: {
      eventArn: `arn:aws:health:us-east-1::event/EC2/${code}/${code}_BENCH_${a.alias}`,
      service: 'EC2',
      eventScopeCode: 'ACCOUNT_SPECIFIC',
      lastUpdatedTime: 'Thu, 27 Aug 2026 13:19:03 GMT',
      eventRegion: 'us-east-1',
      eventTypeCode: code,
      eventTypeCategory: 'scheduledChange',
      startTime: 'Mon, 01 Nov 2027 09:00:00 GMT',
      statusCode: 'upcoming',
      page: '1',
      totalPages: '1',
      affectedAccount: a.id,
      eventDescription: [{ language: 'en_US', latestDescription: 'Scheduled maintenance.' }],
      affectedEntities: [
        n % 2
          ? { entityValue: instanceId }
          : { entityValue: `arn:aws:ec2:us-east-1:${a.id}:instance/${instanceId}` },
      ],
    },
  };
  return { body: JSON.stringify(ev), instanceId };
}

function workload(): { bodies: string[]; ids: string[] } {
  const events = Array.from({ length: INSTANCES }, (_, n) => healthEvent(n));
  const dups = Array.from(
    { length: INSTANCES * DUPLICATES },
    () => events[Math.floor(Math.random() * INSTANCES)]?.body ?? '',
  );
  const bodies = [...events.map((e) => e.body), ...dups];
  for (let i = bodies.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [bodies[i], bodies[j]] = [bodies[j] as string, bodies[i] as string];
  }
  return { bodies, ids: events.map((e) => e.instanceId) };
}

/** Instance ids a call shows: in its text or its blocks (a small alert lists them in the message only). */
const idsIn = (c: SlackCall): string[] =>
  `${String(c.body.text ?? '')} ${JSON.stringify(c.body.blocks ?? [])}`.match(/i-0[0-9a-f]{16}/g) ?? [];

/** Max Slack calls in any 1-second window, per channel. */
function peakPerSecond(calls: SlackCall[], channel: string): number {
  const t = calls.filter((c) => c.body.channel === channel).map((c) => c.at);
  let best = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while ((t[i] ?? 0) - (t[j] ?? 0) >= 1000) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

/** Instances in more than one alert: in two top-level posts, or in two full-list thread replies. */
function duplicates(calls: SlackCall[]): number {
  const top = new Map<string, number>();
  const list = new Map<string, number>();
  for (const c of calls.filter((x) => x.method === 'chat.postMessage')) {
    const m = c.body.thread_ts ? (String(c.body.text).startsWith('Instances ') ? list : undefined) : top;
    for (const id of new Set(idsIn(c))) m?.set(id, (m.get(id) ?? 0) + 1);
  }
  return [...new Set([...top.keys(), ...list.keys()])].filter(
    (id) => (top.get(id) ?? 0) > 1 || (list.get(id) ?? 0) > 1,
  ).length;
}

async function runBaseline(bodies: string[]): Promise<{ rate: number; rss: number }> {
  const port = await freePort();
  const child = startNode(['-e', BASELINE_SERVER], { PORT: String(port) });
  try {
    await waitHttp(`http://127.0.0.1:${port}/`);
    const r = await postAll(`http://127.0.0.1:${port}/webhooks/aws`, bodies, {
      'content-type': 'application/json',
    });
    return { rate: bodies.length / (r.ms / 1000), rss: peakRssMb(child.pid) };
  } finally {
    await stopChild(child);
  }
}

const botEnv = (
  slackApiUrl: string,
  prefix: string,
  configFile: string,
  port: number,
): Record<string, string> => ({
  SLACK_BOT_TOKEN: 'xoxb-bench-0123456789',
  SLACK_SIGNING_SECRET: 'bench-signing-secret-0123',
  SLACK_API_URL: slackApiUrl,
  REDIS_URL,
  EC2BOT_REDIS_PREFIX: prefix,
  EC2BOT_CONFIG: configFile,
  PORT: String(port),
  WEBHOOK_TOKEN: TOKEN,
  LOG_LEVEL: 'warn',
  AWS_REGION: 'us-east-1',
});

/** The web process alone (no worker competing for the 2 cores): its own ingestion capacity. */
async function runWebAlone(bodies: string[], env: Record<string, string>): Promise<number> {
  const port = await freePort();
  const web = startNode(['src/main.ts', 'web'], { ...env, PORT: String(port) });
  try {
    await waitHttp(`http://127.0.0.1:${port}/healthz`);
    const r = await postAll(`http://127.0.0.1:${port}/webhooks/aws`, bodies, {
      'content-type': 'application/json',
      'x-ec2bot-token': TOKEN,
    });
    return bodies.length / (r.ms / 1000);
  } finally {
    await stopChild(web);
    await cleanPrefix(env.EC2BOT_REDIS_PREFIX ?? 'none');
  }
}

async function waitAllInSlack(
  slack: FakeSlack,
  ids: string[],
  timeoutMs: number,
): Promise<number | undefined> {
  const want = new Set(ids);
  const seen = new Set<string>();
  let i = 0;
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    for (; i < slack.calls.length; i++) {
      const c = slack.calls[i] as SlackCall;
      for (const id of idsIn(c)) if (want.has(id) && !seen.has(id)) seen.add(id);
      if (seen.size === want.size) return c.at;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}

interface BotRun {
  rate: number;
  accepted: number;
  lost: number;
  duplicated: number;
  perSec: number;
  calls: number;
  doneS?: number;
  rssWeb: number;
  rssWorker: number;
}

/** Web and worker as their own processes against one Redis (standalone or cluster), the fake Slack. */
async function runBot(
  bodies: string[],
  ids: string[],
  env: Record<string, string>,
  slack: FakeSlack,
  redis: RedisTarget,
): Promise<BotRun> {
  slack.clear();
  const web = startNode(['src/main.ts', 'web'], env);
  const worker = startNode(['src/main.ts', 'worker'], env);
  try {
    await waitHttp(`http://127.0.0.1:${env.PORT}/healthz`);
    const t0 = Date.now();
    const load = await postAll(`http://127.0.0.1:${env.PORT}/webhooks/aws`, bodies, {
      'content-type': 'application/json',
      'x-ec2bot-token': TOKEN,
    });
    const doneAt = await waitAllInSlack(slack, ids, 180_000);
    await new Promise((r) => setTimeout(r, 3000));
    const seen = new Set(slack.calls.flatMap(idsIn));
    return {
      rate: bodies.length / (load.ms / 1000),
      accepted: load.statuses.get(202) ?? 0,
      lost: ids.filter((id) => !seen.has(id)).length,
      duplicated: duplicates(slack.calls),
      perSec: Math.max(...ACCOUNTS.map((a) => peakPerSecond(slack.calls, a.channel))),
      calls: slack.calls.filter((c) => c.method.startsWith('chat.')).length,
      doneS: doneAt ? (doneAt - t0) / 1000 : undefined,
      rssWeb: peakRssMb(web.pid),
      rssWorker: peakRssMb(worker.pid),
    };
  } finally {
    await stopChild(web);
    await stopChild(worker);
    await cleanPrefix(env.EC2BOT_REDIS_PREFIX ?? 'none', redis);
  }
}

const f = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

function botRows(r: BotRun, where: string, base: { rate: number; rss: number }, n: number): BenchRow[] {
  const row = (figure: string, ours: string, baseline = '—', ratio = '—', target = '—'): BenchRow => ({
    figure: `${figure} — ${where}`,
    ours,
    baseline,
    ratio,
    target,
  });
  return [
    row(
      'ingestion rate, web + worker running (events/s, 202s)',
      `${f(r.rate)} (${r.accepted}/${n})`,
      f(base.rate),
      f(r.rate / base.rate, 2),
      '≥ 1000',
    ),
    row('Slack calls per channel, peak in any 1 s', String(r.perSec), '—', '—', '≤ 1'),
    row(
      'Slack chat.* calls in all (3 channels)',
      String(r.calls),
      `${INSTANCES} (one per instance)`,
      f(r.calls / INSTANCES, 4),
      'a handful',
    ),
    row('alerts lost (instances never in Slack)', String(r.lost), '—', '—', '0'),
    row('duplicate alerts (instances alerted twice)', String(r.duplicated), '—', '—', '0'),
    row(
      'time until every instance is in Slack (s)',
      r.doneS === undefined ? 'timeout' : f(r.doneS, 1),
      '—',
      '—',
      'first post at once; ≤ 1 msg/s',
    ),
    row('peak RSS web (MB)', f(r.rssWeb), f(base.rss), f(r.rssWeb / base.rss, 2)),
    row('peak RSS worker (MB)', f(r.rssWorker)),
  ];
}

/**
 * `alerts`: 5,000 affected instances across 3 accounts as Health events + 20% duplicate deliveries,
 * posted as fast as the web process takes them; web and worker run as separate processes (so their
 * peak RSS is their own) against the fake Slack — once on the standalone Redis, once on a three-shard
 * Redis Cluster started for the run (REDIS_CLUSTER=true). Baseline: a bare express route that only
 * parses JSON and answers 202, under the same load. Then webhook → Slack latency (bench/alertsLatency.ts).
 * AWS is moto throughout (the look-ups of new alerts).
 */
export async function run(): Promise<BenchResult> {
  const { bodies, ids } = workload();
  const base = await runBaseline(bodies);
  const slack = new FakeSlack();
  await slack.start();
  const dir = mkdtempSync(join(tmpdir(), 'alerts-bench-'));
  writeFileSync(join(dir, 'accounts.yml'), config());
  const prefix = `bench-alerts-${randomBytes(3).toString('hex')}`;
  const env = botEnv(slack.apiUrl, prefix, join(dir, 'accounts.yml'), await freePort());
  const cluster = await startRedisCluster({ shards: 3 });
  // AWS is moto (the instance look-ups of new alerts answer, as in production, instead of timing out)
  const moto = await startMoto();
  Object.assign(env, moto.env);
  try {
    const latency = await latencyRows(
      { ...env, EC2BOT_REDIS_PREFIX: `${prefix}-latency` },
      slack,
      moto,
      TOKEN,
    );
    const webAlone = await runWebAlone(bodies, { ...env, EC2BOT_REDIS_PREFIX: `${prefix}-webonly` });
    const standalone = await runBot(bodies, ids, env, slack, { redisUrl: REDIS_URL });
    const clusterEnv = {
      ...env,
      PORT: String(await freePort()),
      REDIS_URL: cluster.redisUrl,
      REDIS_CLUSTER: 'true',
      EC2BOT_REDIS_PREFIX: `${prefix}-cluster`,
    };
    const onCluster = await runBot(bodies, ids, clusterEnv, slack, cluster);
    return {
      name: 'alerts',
      rows: [
        ...botRows(standalone, 'standalone Redis', base, bodies.length),
        {
          figure: 'ingestion rate, web process alone (events/s) — standalone Redis',
          ours: f(webAlone),
          baseline: f(base.rate),
          ratio: f(webAlone / base.rate, 2),
          target: '≥ 1000',
        },
        ...botRows(onCluster, 'Redis Cluster, 3 shards', base, bodies.length),
        {
          figure: 'ingestion rate, cluster vs standalone (same run)',
          ours: f(onCluster.rate),
          baseline: f(standalone.rate),
          ratio: f(onCluster.rate / standalone.rate, 2),
          target: 'context',
        },
        ...latency,
      ],
    };
  } finally {
    await moto.stop();
    await cluster.stop();
    await slack.stop();
  }
}
