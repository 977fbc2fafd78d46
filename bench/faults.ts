/**
 * faults: how fast the bot puts instances back where they should be after the worst moments (issue 25).
 * - Redis loses its data (`SHUTDOWN NOSAVE` + an empty redis-server on the same port: the bot's own,
 *   never the shared one) while 10 operations — recover ×4, stop ×2, resize ×4 (a start is not destructive: it leaves no in-flight record) — are each held
 *   at a random step of theirs (an EC2 middleware holds the job right after that call; it stays held,
 *   so only the recovery can finish the work). Time from Redis answering again to each instance in its
 *   intended state (recover: running; stop: stopped; resize: rolled back to its old type, running):
 *   p50 and max over the 10, against the in-flight sweep's period (10 min) — what waiting for the next
 *   sweep would cost at worst.
 * - A resize whose worker process is SIGKILLed at the stop, the AMI and the type change (BullMQ gives
 *   up: "job stalled more than allowable limit"): time from the job's final failure (its finishedOn) to
 *   the rollback done (old type, running, status checks), over 2 runs, against the same sweep period.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DescribeInstancesCommand, type EC2Client } from '@aws-sdk/client-ec2';
import type { ServiceClient } from '../src/aws/clients';
import type { OpJobPayload } from '../src/jobs/opJob';
import { startWorker } from '../src/worker';
import { accountsYaml, PROD, PROD_ONLY_SPEC, withChanges } from '../test/helpers/accountsConfig';
import { startTestBot, type TestBot } from '../test/helpers/bot';
import { crashingWorker } from '../test/helpers/crashingWorker';
import { type Moto, startMoto, useMotoEnv } from '../test/helpers/moto';
import { until } from '../test/helpers/ops';
import { REDIS_URL } from '../test/helpers/redis';
import { loseRedisData, startRedisServer } from '../test/helpers/redisCluster';
import { type BenchResult, percentile } from './types';

const REGION = 'us-east-1';
const CONFIG = accountsYaml(
  withChanges(PROD_ONLY_SPEC, { accounts: { prod: { approval: { required_for: [] } } } }),
);
const SWEEP_PERIOD_S = 600;

/** Each operation, the EC2 calls after which it may be held, and the state it must end in. */
const PLAN = [
  ...Array(4).fill({ op: 'recover', holdAfter: ['StopInstancesCommand'], ends: 'running' }),
  ...Array(2).fill({ op: 'stop', holdAfter: ['CreateTagsCommand'], ends: 'stopped' }),
  ...Array(4).fill({
    op: 'resize',
    holdAfter: ['StopInstancesCommand', 'CreateImageCommand', 'ModifyInstanceAttributeCommand'],
    ends: 'running',
  }),
] as { op: string; holdAfter: string[]; ends: string }[];

const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;

const instanceOf = async (moto: Moto, id: string) => {
  const ec2 = await moto.ec2(PROD, REGION);
  const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  return out.Reservations![0]!.Instances![0]!;
};

/** The instance ids an EC2 call names. */
const idsOf = (input: Record<string, unknown>): string[] =>
  [input.InstanceIds, input.InstanceId, input.Resources]
    .flat()
    .filter((x): x is string => typeof x === 'string');

/** Holds an instance's job right after a chosen call, until released (moto cannot pause a job). */
class Holds {
  readonly at = new Map<string, string>();
  readonly held = new Set<string>();
  private release: () => void = () => {};
  private readonly released = new Promise<void>((r) => {
    this.release = r;
  });
  free(): void {
    this.release();
  }
  readonly onClient = (client: ServiceClient, key: { service: string }): void => {
    if (key.service !== 'ec2') return;
    (client as EC2Client).middlewareStack.add(
      (next, context) => async (args) => {
        const out = await next(args);
        const command = String((context as { commandName?: string }).commandName ?? '');
        for (const id of idsOf(args.input as Record<string, unknown>)) {
          if (this.at.get(id) !== command || this.held.has(id)) continue;
          this.held.add(id);
          await this.released;
        }
        return out;
      },
      { step: 'initialize', name: 'benchHold' },
    );
  };
}

async function redisLoss(moto: Moto): Promise<{ times: number[]; steps: string[] }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ec2bot-bench-faults-'));
  let redis = await startRedisServer(dir, []);
  const holds = new Holds();
  const bot = await startTestBot({
    name: 'bench-faults',
    config: CONFIG,
    env: { REDIS_URL: `redis://127.0.0.1:${redis.port}`, OPS_POLL_MS: '200' },
    aws: { onClient: holds.onClient },
  });
  try {
    const runs = await Promise.all(
      PLAN.map(async (p, n) => {
        const [id] = await moto.launch(PROD, REGION, { name: `faults-${n}`, type: 't2.micro' });
        if (p.op === 'resize') await moto.setEna(PROD, REGION, id!, true);
        const step = pick(p.holdAfter);
        holds.at.set(id!, step);
        return { ...p, id: id!, step };
      }),
    );
    for (const r of runs)
      await bot.command(`${r.op} prod ${r.id}${r.op === 'resize' ? ' t3.micro' : ''}`, { user: 'U0ALICE' });
    await until(async () => holds.held.size === runs.length, 'every operation held', 120_000).catch((err) => {
      const stuck = runs.filter((r) => !holds.held.has(r.id));
      const said = bot.slack.calls.map((c) => String(c.body.text ?? '').slice(0, 200));
      throw new Error(
        `${err.message}: ${stuck.map((r) => `${r.op}@${r.step}`).join(', ')}\n${said.join('\n')}`,
      );
    });
    redis = await loseRedisData(dir, redis);
    const back = Date.now();
    const times = await Promise.all(
      runs.map((r) =>
        until(
          async () => {
            const i = await instanceOf(moto, r.id);
            return i.State?.Name === r.ends && i.InstanceType === 't2.micro' ? Date.now() - back : undefined;
          },
          `${r.op} of ${r.id} in its intended state`,
          180_000,
        ),
      ),
    );
    return { times, steps: runs.map((r) => `${r.op}@${r.step.replace('Command', '')}`) };
  } finally {
    holds.free();
    await bot.close();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One resize killed three times: ms from BullMQ's final failure to the rollback done. */
async function finalFailure(moto: Moto, n: number): Promise<number> {
  const bot: TestBot = await startTestBot({ name: `bench-faults-final-${n}`, config: CONFIG, worker: false });
  const children: ChildProcess[] = [];
  const env = {
    config: CONFIG,
    slackApiUrl: bot.slack.apiUrl,
    redisUrl: REDIS_URL,
    prefix: bot.settings.redisPrefix,
  };
  let worker: ReturnType<typeof startWorker> | undefined;
  try {
    const [id] = await moto.launch(PROD, REGION, { name: `faults-final-${n}`, type: 't2.micro' });
    await moto.setEna(PROD, REGION, id!, true);
    const payload: OpJobPayload = {
      correlationId: `bench-final-${n}`,
      requester: 'U0ALICE',
      account: 'prod',
      region: REGION,
      instanceId: id!,
      params: { targetType: 't3.micro' },
      channel: 'C0PRODALERT',
    };
    await bot.deps.queues.add('ops', 'resize', payload, { jobId: `resize-final-${n}`, attempts: 6 });
    for (const at of ['StopInstancesCommand', 'CreateImageCommand', 'ModifyInstanceAttributeCommand'])
      await crashingWorker(at, env, children);
    worker = startWorker(bot.deps, {
      redisUrl: REDIS_URL,
      timing: { lockDuration: 2000, stalledInterval: 500 },
    });
    const ops = bot.deps.queues.get('ops');
    const failedAt = await until(
      async () => {
        const j = await ops.getJob(`resize-final-${n}`);
        return (await j?.getState()) === 'failed' ? j!.finishedOn : undefined;
      },
      'the final failure',
      60_000,
    );
    const rolledAt = await until(
      async () => {
        const j = await ops.getJob(`resumed-resize-final-${n}`);
        return (await j?.getState()) === 'completed' ? j!.finishedOn : undefined;
      },
      'the rollback done',
      120_000,
    );
    const i = await instanceOf(moto, id!);
    if (i.InstanceType !== 't2.micro' || i.State?.Name !== 'running')
      throw new Error(`rollback ended ${i.State?.Name} on ${i.InstanceType}`);
    return rolledAt! - failedAt!;
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await worker?.close();
    await bot.close();
  }
}

const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export async function run(): Promise<BenchResult> {
  const moto = await startMoto();
  useMotoEnv(moto);
  try {
    const loss = await redisLoss(moto);
    const finals = [await finalFailure(moto, 1), await finalFailure(moto, 2)];
    const p50 = percentile(loss.times, 50);
    const max = Math.max(...loss.times);
    const fmax = Math.max(...finals);
    const ratio = (ms: number) => (ms / 1000 / SWEEP_PERIOD_S).toFixed(3);
    return {
      name: 'faults',
      rows: [
        {
          figure: `Redis data loss → instance in its intended state, p50 of 10 (${loss.steps.join(', ')})`,
          ours: s(p50),
          baseline: `${SWEEP_PERIOD_S} s (next in-flight sweep, worst case)`,
          ratio: ratio(p50),
          target: '≤ 60 s',
        },
        {
          figure: 'Redis data loss → instance in its intended state, max of 10',
          ours: s(max),
          baseline: `${SWEEP_PERIOD_S} s`,
          ratio: ratio(max),
          target: '≤ 60 s',
        },
        {
          figure: `resize killed 3× → rollback done after the final failure (runs: ${finals.map(s).join(', ')})`,
          ours: s(fmax),
          baseline: `${SWEEP_PERIOD_S} s`,
          ratio: ratio(fmax),
          target: '≤ 60 s',
        },
      ],
    };
  } finally {
    await moto.stop();
  }
}
