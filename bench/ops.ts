/**
 * `npm run bench -- ops`: 200 recover operations (stop → start → running → status checks) over 4
 * account-regions against moto, with EC2's token buckets enforced in front of it by
 * test/helpers/throttle.ts (moto has no throttling). The baseline is the bucket-bound minimum: the
 * time the buckets alone force, max over account-regions and buckets of (calls − capacity) / refill.
 *
 * Two models of the buckets are run:
 *  - "mutating": every mutating call, StopInstances and StartInstances alike, draws from one
 *    mutating bucket (50, 5/s) — 100 calls per account-region → 10 s minimum.
 *  - "design §4": StopInstances from mutating (50, 5/s), StartInstances from its own bucket (5, 2/s)
 *    as DESIGN.md §4 lists — 50 starts per account-region → 22.5 s minimum.
 * The bot's pacer uses the same model as the injector. Operations are requested first (plans, plan
 * messages), the buckets refill, then the worker starts: the makespan is from worker start to the
 * last operation finished. Worker `ops` concurrency is 100 (a scaled-out worker; the default is 20;
 * BENCH_OPS_CONCURRENCY changes it). On a loaded 2-core box the bot's own CPU (SigV4, XML, Slack
 * posts) shows up as lag: the "where the time went" row tells bucket time from that lag.
 */
import type { AwsClientsOptions } from '../src/aws/clients';
import { Ec2Pacer, type Ec2ThrottleClass } from '../src/aws/pacing';
import { parseConfig } from '../src/config/load';
import { newCorrelationId } from '../src/errors';
import { createLogger } from '../src/logger';
import { startOperation } from '../src/ops/request';
import { QUEUE } from '../src/queues';
import { buildDeps } from '../src/runtime';
import { readSettings } from '../src/settings';
import { startWorker } from '../src/worker';
import { FakeSlack } from '../test/helpers/fakeSlack';
import { type Moto, startMoto, useMotoEnv } from '../test/helpers/moto';
import { cleanPrefix, REDIS_URL, uniquePrefix } from '../test/helpers/redis';
import { ThrottleInjector } from '../test/helpers/throttle';
import type { BenchResult, BenchRow } from './types';

const OPS = 200;
const TARGETS = [
  { alias: 'alpha', id: '333333333333', region: 'us-east-1' },
  { alias: 'alpha', id: '333333333333', region: 'eu-west-1' },
  { alias: 'beta', id: '444444444444', region: 'us-east-1' },
  { alias: 'beta', id: '444444444444', region: 'eu-west-1' },
];
const account = (alias: string, id: string) => `
  ${alias}:
    id: "${id}"
    role_arn: arn:aws:iam::${id}:role/ec2-ops-bot
    regions: [us-east-1, eu-west-1]
    operators: [U0BENCH]
    approval: { required_for: [] }`;
const CONFIG = `accounts:${account('alpha', '333333333333')}${account('beta', '444444444444')}\n`;

type Limits = Partial<Record<Ec2ThrottleClass, { capacity: number; refillPerSec: number }>>;
interface Model {
  name: string;
  limits: Limits;
  classOf: (c: Ec2ThrottleClass) => Ec2ThrottleClass;
  /** Calls per account-region per bucket for N recovers. */
  calls: (n: number) => Partial<Record<Ec2ThrottleClass, number>>;
}

const MODELS: Model[] = [
  {
    name: 'mutating bucket 50, 5/s (stop + start)',
    limits: { mutating: { capacity: 50, refillPerSec: 5 } },
    classOf: (c) => (c === 'start-run' ? 'mutating' : c),
    calls: (n) => ({ mutating: 2 * n }),
  },
  {
    name: 'DESIGN §4 buckets (stop: mutating 50, 5/s; start: 5, 2/s)',
    limits: { mutating: { capacity: 50, refillPerSec: 5 }, 'start-run': { capacity: 5, refillPerSec: 2 } },
    classOf: (c) => c,
    calls: (n) => ({ mutating: n, 'start-run': n }),
  },
];

/** The pacer draws from the same buckets the injector enforces. */
class ModelPacer extends Ec2Pacer {
  constructor(private readonly model: Model) {
    super(model.limits);
  }
  override bucket(account: string, region: string, cls: Ec2ThrottleClass) {
    return super.bucket(account, region, this.model.classOf(cls));
  }
}

function bucketBound(model: Model, perTarget: number): number {
  let worst = 0;
  for (const [cls, n] of Object.entries(model.calls(perTarget))) {
    const l = model.limits[cls as Ec2ThrottleClass];
    if (l && n) worst = Math.max(worst, Math.max(0, n - l.capacity) / l.refillPerSec);
  }
  return worst;
}

async function runModel(moto: Moto, model: Model, n: number): Promise<BenchRow[]> {
  const injector = new ThrottleInjector(model.limits, model.classOf);
  const bot = await startBot({ onClient: injector.onClient, pacer: new ModelPacer(model) });
  try {
    const perTarget = n / TARGETS.length;
    const ids = await Promise.all(TARGETS.map((t) => moto.launch(t.id, t.region, { count: perTarget })));
    const jobIds: string[] = [];
    for (let k = 0; k < perTarget; k++) {
      const batch = TARGETS.map((t, ti) =>
        startOperation(bot.deps, {
          op: 'recover',
          account: t.alias,
          region: t.region,
          instanceId: ids[ti]![k]!,
          requester: 'U0BENCH',
          channel: 'C0BENCH',
          correlationId: newCorrelationId(),
        }),
      );
      for (const s of await Promise.all(batch)) jobIds.push(s.id);
    }
    await new Promise((r) => setTimeout(r, 10_000)); // every bucket full again
    const throttledBefore = injector.totalThrottled;
    const t0 = Date.now();
    const worker = startWorker(bot.deps, {
      redisUrl: REDIS_URL,
      queues: [QUEUE.ops],
      concurrency: { ops: Number(process.env.BENCH_OPS_CONCURRENCY || 100) },
    });
    const queue = bot.deps.queues.get(QUEUE.ops);
    for (;;) {
      const c = await queue.getJobCounts('completed', 'failed');
      if ((c.completed ?? 0) + (c.failed ?? 0) >= jobIds.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const jobs = await Promise.all(jobIds.map((id) => queue.getJob(id)));
    const makespan = (Math.max(...jobs.map((j) => j?.finishedOn ?? 0)) - t0) / 1000;
    await worker.close();
    const failed = jobs.filter((j) => j?.failedReason).length;
    const userErrors = bot.slack.calls.filter((c) =>
      /THROTTLED|:x:/.test(`${c.body.text ?? ''}${JSON.stringify(c.body.blocks ?? '')}`),
    ).length;
    const bound = bucketBound(model, perTarget);
    const starts = (injector.sentAt.StartInstancesCommand ?? [])
      .filter((t) => t >= t0)
      .map((t) => (t - t0) / 1000);
    const stops = (injector.sentAt.StopInstancesCommand ?? [])
      .filter((t) => t >= t0)
      .map((t) => (t - t0) / 1000);
    return [
      {
        figure: `makespan, ${n} recovers / 4 account-regions — ${model.name}`,
        ours: `${makespan.toFixed(1)} s`,
        baseline: `${bound.toFixed(1)} s (bucket-bound minimum)`,
        ratio: (makespan / bound).toFixed(2),
        target: '≤ 1.25',
      },
      {
        figure: `  where the time went: first/last StopInstances, first/last StartInstances sent (s after worker start)`,
        ours: `${Math.min(...stops).toFixed(1)}/${Math.max(...stops).toFixed(1)}, ${Math.min(...starts).toFixed(1)}/${Math.max(...starts).toFixed(1)}`,
        baseline: '-',
        ratio: '-',
        target: '-',
      },
      {
        figure: `throttling errors that reached a user — ${model.name}`,
        ours: String(userErrors + failed),
        baseline: `${injector.totalThrottled - throttledBefore} RequestLimitExceeded answered (retried)`,
        ratio: '-',
        target: '0',
      },
    ];
  } finally {
    await bot.close();
  }
}

/** The bot's real deps (Redis, queues, AWS clients, Slack notifier at a fake) without the web side. */
async function startBot(aws: AwsClientsOptions) {
  const slack = new FakeSlack();
  await slack.start();
  const prefix = uniquePrefix('bench-ops');
  const settings = readSettings({
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: 'bench-secret',
    SLACK_API_URL: slack.apiUrl,
    REDIS_URL,
    EC2BOT_REDIS_PREFIX: prefix,
    OPS_POLL_MS: process.env.OPS_POLL_MS || '250',
  });
  const built = buildDeps(settings, parseConfig(CONFIG, 'bench/ops.yml'), createLogger({ level: 'warn' }), {
    aws,
  });
  return {
    deps: built.deps,
    slack,
    async close() {
      await built.close();
      await slack.stop();
      await cleanPrefix(prefix);
    },
  };
}

export async function run(): Promise<BenchResult> {
  const moto = await startMoto();
  useMotoEnv(moto);
  try {
    const rows: BenchRow[] = [];
    for (const model of MODELS) rows.push(...(await runModel(moto, model, OPS)));
    return { name: 'ops', rows };
  } finally {
    await moto.stop();
  }
}
