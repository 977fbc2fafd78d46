/**
 * `npm run bench -- ops`: 200 recover operations (stop → start → running → status checks) over 4
 * account-regions against moto, with EC2's token buckets enforced in front of it by one gate that
 * every bot process goes through (bench/ec2Gate.ts in an HTTP proxy: moto has no throttling). The
 * baseline is the bucket-bound minimum: the time the buckets alone force, max over account-regions
 * and buckets of (calls − capacity) / refill. Each model (bench/opsModels.ts) runs with one worker
 * process and then with three, all drawing from the one budget in Redis.
 *
 * Operations are requested first (plans, plan messages) with the `ops` queue paused; the worker
 * processes start, and once all say ready the queue resumes: the makespan is from then to the last
 * operation finished. Each worker runs `ops` at concurrency 100 (BENCH_OPS_CONCURRENCY). On a loaded
 * 2-core box the bot's own CPU (SigV4, XML, Slack posts) shows up as lag: the "where the time went"
 * row tells bucket time from that lag.
 */
import { parseConfig } from '../src/config/load';
import { readSettings } from '../src/config/settings';
import { newCorrelationId } from '../src/errors/appError';
import { QUEUE } from '../src/jobs/queues';
import { createLogger } from '../src/logger';
import { startOperation } from '../src/ops/request';
import { buildDeps } from '../src/runtime';
import { FakeSlack } from '../test/helpers/fakeSlack';
import { type Moto, startMoto } from '../test/helpers/moto';
import { cleanPrefix, REDIS_URL, uniquePrefix } from '../test/helpers/redis';
import { DelayProxy } from './delayProxy';
import { Ec2Gate } from './ec2Gate';
import { bucketBound, CONFIG, MODELS, type Model, TARGETS } from './opsModels';
import { startTs } from './procs';
import type { BenchResult, BenchRow } from './types';

const OPS = 200;

interface RunResult {
  makespan: number;
  bound: number;
  userErrors: number;
  throttled: number;
  stops: number[];
  starts: number[];
  /** EC2 calls let through after the queue resumed, by action. */
  calls: Record<string, number>;
}

async function runModel(moto: Moto, modelIndex: number, n: number, workers: number): Promise<RunResult> {
  const model = MODELS[modelIndex] as Model;
  const gate = new Ec2Gate(model.limits, model.classOf);
  const proxy = new DelayProxy(moto.url, 0);
  proxy.gate = gate.gate;
  await proxy.start();
  const slack = new FakeSlack();
  await slack.start();
  const prefix = uniquePrefix('bench-ops');
  const env = {
    ...moto.env,
    AWS_ENDPOINT_URL: proxy.url,
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: 'bench-secret',
    SLACK_API_URL: slack.apiUrl,
    REDIS_URL,
    EC2BOT_REDIS_PREFIX: prefix,
    OPS_POLL_MS: '250',
    BENCH_OPS_MODEL: String(modelIndex),
    LOG_LEVEL: 'warn',
  };
  Object.assign(process.env, env); // the requester's SDK clients read the endpoint from here
  const settings = readSettings(env);
  const built = buildDeps(settings, parseConfig(CONFIG, 'bench/ops.yml'), createLogger({ level: 'warn' }), {
    pacing: { limits: model.limits, classOf: model.classOf },
  });
  const queue = built.deps.queues.get(QUEUE.ops);
  const procs: Awaited<ReturnType<typeof startTs>>[] = [];
  try {
    await queue.pause();
    const perTarget = n / TARGETS.length;
    const ids = await Promise.all(TARGETS.map((t) => moto.launch(t.id, t.region, { count: perTarget })));
    const jobIds: string[] = [];
    for (let k = 0; k < perTarget; k++) {
      const batch = TARGETS.map((t, ti) =>
        startOperation(built.deps, {
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
    // tsx compiling on a loaded 2-core box can take a while: up to 2 minutes each.
    const started = await Promise.allSettled(
      Array.from({ length: workers }, () =>
        startTs('bench/opsWorker.ts', [], env, /ops worker ready/, 120_000),
      ),
    );
    for (const s of started) if (s.status === 'fulfilled') procs.push(s.value);
    const refused = started.find((s) => s.status === 'rejected');
    if (refused) throw (refused as PromiseRejectedResult).reason;
    await new Promise((r) => setTimeout(r, 10_000)); // every bucket full again after the plans
    const throttledBefore = gate.totalThrottled;
    const t0 = Date.now();
    await queue.resume();
    for (;;) {
      const c = await queue.getJobCounts('completed', 'failed');
      if ((c.completed ?? 0) + (c.failed ?? 0) >= jobIds.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const jobs = await Promise.all(jobIds.map((id) => queue.getJob(id)));
    const failed = jobs.filter((j) => j?.failedReason).length;
    const userErrors = slack.calls.filter((c) =>
      /THROTTLED|RequestLimitExceeded|:x:/.test(`${c.body.text ?? ''}${JSON.stringify(c.body.blocks ?? '')}`),
    ).length;
    const since = (action: string) =>
      (gate.sentAt[action] ?? []).filter((t) => t >= t0).map((t) => (t - t0) / 1000);
    return {
      makespan: (Math.max(...jobs.map((j) => j?.finishedOn ?? 0)) - t0) / 1000,
      bound: bucketBound(model, perTarget),
      userErrors: userErrors + failed,
      throttled: gate.totalThrottled - throttledBefore,
      stops: since('StopInstances'),
      starts: since('StartInstances'),
      calls: Object.fromEntries(Object.keys(gate.sentAt).map((a) => [a, since(a).length])),
    };
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
    await built.close();
    await Promise.all([slack.stop(), proxy.stop()]);
    await cleanPrefix(prefix);
  }
}

function rows(model: Model, workers: number, r: RunResult, one?: RunResult): BenchRow[] {
  const who = `${workers} worker process${workers > 1 ? 'es' : ''}`;
  const span = (xs: number[]) =>
    xs.length ? `${Math.min(...xs).toFixed(1)}/${Math.max(...xs).toFixed(1)}` : 'none';
  const out: BenchRow[] = [
    {
      figure: `makespan, ${OPS} recovers / 4 account-regions, ${who} — ${model.name}`,
      ours: `${r.makespan.toFixed(1)} s`,
      baseline: `${r.bound.toFixed(1)} s (bucket-bound minimum)`,
      ratio: (r.makespan / r.bound).toFixed(2),
      target: '≤ 1.25',
    },
    {
      figure: `  where the time went (${who}): first/last StopInstances, first/last StartInstances let through (s)`,
      ours: `${span(r.stops)}, ${span(r.starts)}`,
      baseline: '-',
      ratio: '-',
      target: '-',
    },
    {
      figure: `  EC2 calls let through (${who}), by action`,
      ours: Object.entries(r.calls)
        .map(([a, k]) => `${a} ${k}`)
        .join(', '),
      baseline: '-',
      ratio: '-',
      target: '-',
    },
    {
      figure: `throttling errors that reached a user, ${who} — ${model.name}`,
      ours: String(r.userErrors),
      baseline: `${r.throttled} RequestLimitExceeded answered (retried by the SDK)`,
      ratio: '-',
      target: '0',
    },
  ];
  if (one) {
    out.push({
      figure: `  ${who} vs 1 (same budget, same model): makespan`,
      ours: `${r.makespan.toFixed(1)} s`,
      baseline: `${one.makespan.toFixed(1)} s (1 worker process)`,
      ratio: (r.makespan / one.makespan).toFixed(2),
      target: 'context: the budget, not the workers, bounds it',
    });
  }
  return out;
}

export async function run(): Promise<BenchResult> {
  const moto = await startMoto();
  try {
    const out: BenchRow[] = [];
    // BENCH_OPS_ONLY=0 runs the first model alone (quicker looks while tuning)
    const only = process.env.BENCH_OPS_ONLY;
    for (const [i, model] of MODELS.entries()) {
      if (only !== undefined && only !== String(i)) continue;
      const one = await runModel(moto, i, OPS, 1);
      out.push(...rows(model, 1, one));
      const three = await runModel(moto, i, OPS, 3);
      out.push(...rows(model, 3, three, one));
    }
    return { name: 'ops', rows: out };
  } finally {
    await moto.stop();
  }
}
