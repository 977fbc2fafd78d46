/**
 * maintenance: planning 1,000 open events over 10 accounts × 4 regions, with Auto Scaling groups, tag
 * groups (max_unavailable 1), two weekly windows per account in its own time zone and a freeze.
 * - Bot CPU to a plan (the planner and the plan message), median of 7 runs, against the same run's
 *   baseline: the `/ec2 events all` listing of the same 1,000 rows (grouping + messages, no planning).
 * - `/ec2 maintenance plan all` through the bot (in-process, real Redis, moto seeded with the same
 *   fleet, fake Slack): command → plan message, and the EC2 + Health calls it made by action against a
 *   lower bound (one Health read per account; one DescribeInstanceStatus and one DescribeInstances per
 *   account-region). Elastic IPs come with DescribeInstances (IpOwnerId); DescribeInstanceTypes (reboot
 *   migration support, instance store) is asked once per region for every account and kept in Redis. A
 *   second plan at once shows the calls with the region probe and the type facts already in Redis.
 * - Surprises (issue 20): events that reach AWS's time with the instance left stopped, or terminated
 *   earlier than AWS planned, in the 1,000-event plan (target 0).
 * - Executing a 200-instance plan (instance-stop events on EBS: stop + start each) over 2 accounts × 2
 *   regions in moto, groups of 4 with max_unavailable 1 — a quarter of them Auto Scaling groups
 *   (`maintenance.asg: standby`, waves sized with the standby round trip), a window open now, all of EC2's buckets
 *   (docs/architecture.md §4) enforced in front of moto by bench/ec2Gate.ts: approval → last wave done against the lower bound,
 *   max of (waves forced by max_unavailable × one recover alone, measured in the same run) and the
 *   bucket-bound minimum of bench/opsModels.ts; the window adds nothing (open now, hours long).
 * BENCH_MAINTENANCE=plan or =execute runs one part alone.
 */
import { CreateTagsCommand } from '@aws-sdk/client-ec2';
import { EC2_BUCKETS } from '../src/aws/pacing';
import { type MaintenanceConfig, maintenanceSchema } from '../src/config/maintenanceSchema';
import type { InstanceInfo } from '../src/domain/instance';
import { newCorrelationId } from '../src/errors/appError';
import { QUEUE } from '../src/jobs/queues';
import { startOperation } from '../src/ops/request';
import { type PlanRow, planMaintenance } from '../src/planner/plan';
import type { PlanRecord } from '../src/planner/record';
import { eventsMessages, planEvents } from '../src/views/events';
import { maintenanceMessage } from '../src/views/maintenance';
import { startWorker } from '../src/worker';
import { startTestBot } from '../test/helpers/bot';
import { FakeHealth, tagHealthAccount } from '../test/helpers/fakeHealth';
import { openWindow } from '../test/helpers/maintenanceWindow';
import { startMoto, useMotoEnv } from '../test/helpers/moto';
import { buttonPayload, elementsOf, textOf, until } from '../test/helpers/ops';
import { DelayProxy } from './delayProxy';
import { Ec2Gate } from './ec2Gate';
import { bucketBound, MODELS } from './opsModels';
import { type BenchResult, type BenchRow, percentile } from './types';

const ACCOUNTS = 10;
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-northeast-2'];
const PER_UNIT = 25; // 10 × 4 × 25 = 1,000 events
const RUNS = 7;
const HOUR = 3_600_000;
const TZ = ['Asia/Seoul', 'Europe/Berlin', 'America/New_York', 'UTC'];
const CODES = [
  'instance-reboot',
  'system-reboot',
  'system-maintenance',
  'instance-retirement',
  'instance-stop',
];
const accountId = (n: number): string => String(100000000000 + n);

function cfgOf(n: number): MaintenanceConfig {
  return maintenanceSchema.parse({
    tz: TZ[n % TZ.length],
    windows: ['Tue 02:00-05:00', 'Thu 02:00-05:00'],
    freezes: [{ from: '2026-12-24', to: '2026-12-26', reason: 'holidays' }],
    groups: { by: ['asg', 'tag:service'], max_unavailable: 1 },
  });
}

/** Member k of an account-region: 5 ASGs of 3, 5 tag groups of 2, 0 loners (25 in all). */
function fleetSpec(k: number): { asg?: string; service?: string; az: string } {
  const az = ['a', 'b', 'c'][k % 3]!;
  if (k < 15) return { asg: `asg-${Math.floor(k / 3)}`, az };
  if (k < 25) return { service: `svc-${Math.floor((k - 15) / 2)}`, az };
  return { az };
}

function eventOf(k: number, now: number) {
  const code = CODES[k % CODES.length]!;
  const start = now + (30 + (k % 10) * 24) * HOUR;
  const deadline = code === 'instance-reboot' || code === 'system-reboot' ? start + 7 * 24 * HOUR : undefined;
  return {
    code,
    notBefore: new Date(start).toISOString(),
    notBeforeDeadline: deadline ? new Date(deadline).toISOString() : undefined,
  };
}

function syntheticRows(now: number): PlanRow[] {
  const rows: PlanRow[] = [];
  for (let a = 0; a < ACCOUNTS; a++)
    for (const region of REGIONS)
      for (let k = 0; k < PER_UNIT; k++) {
        const s = fleetSpec(k);
        const id = `i-${(a * 1000 + REGIONS.indexOf(region) * 100 + k).toString(16).padStart(17, '0')}`;
        const e = eventOf(k, now);
        const instance: InstanceInfo = {
          id,
          accountAlias: `acct${a}`,
          region,
          type: 'm5.large',
          state: 'running',
          az: `${region}${s.az}`,
          rootDeviceType: k % 7 === 0 ? 'instance-store' : 'ebs',
          volumes: [],
          hasElasticIp: false,
          publicIp: '203.0.113.10',
          spot: false,
          hibernationConfigured: false,
          maintenance: { rebootMigration: k % 2 ? 'default' : 'disabled' },
          ...(s.asg ? { autoScalingGroup: s.asg } : {}),
          tags: s.service ? { service: s.service } : {},
        };
        rows.push({
          event: {
            account: `acct${a}`,
            region,
            instanceId: id,
            sources: ['ec2'],
            ...e,
            ...(e.notBeforeDeadline ? { eventId: `instance-event-${id.slice(2)}` } : {}),
          },
          instance,
          instanceStore: false,
          rebootMigrationSupported: true,
        });
      }
  return rows;
}

/**
 * Surprises: events that reach AWS's time with the instance left stopped (AWS stops it, the plan neither
 * pre-empts it nor starts it after AWS's stop, and the account did not say `leave`) or terminated earlier
 * than AWS planned (a plan item for an instance-store retirement before AWS's time). Target 0.
 */
function surprisesOf(
  plan: ReturnType<typeof planMaintenance>,
  rows: PlanRow[],
): { stopped: number; early: number } {
  const items = new Map<string, { action?: string; at?: string; afterStop?: string; awsAction: string }>();
  for (const i of [...plan.waves.flatMap((w) => w.items), ...plan.unplanned]) items.set(i.key, i);
  let stopped = 0;
  let early = 0;
  for (const r of rows) {
    const e = r.event;
    const i = items.get(`${e.account}|${e.region}|${e.instanceId}|${e.code}`);
    if (!i) continue;
    if (i.awsAction === 'stop' && i.action !== 'recover' && i.afterStop !== 'start' && !r.instance?.spot)
      stopped++;
    if (i.awsAction === 'terminate' && i.at && Date.parse(i.at) < Date.parse(e.notBefore ?? '')) early++;
  }
  return { stopped, early };
}

const cpuOf = (f: () => void): number => {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};

function planCpu(rows: PlanRow[], now: Date) {
  const cfgs = Array.from({ length: ACCOUNTS }, (_, n) => cfgOf(n));
  const config = (alias: string) => cfgs[Number(alias.slice(4))];
  let plan = planMaintenance({ rows, config, now, days: 14 });
  const ours: number[] = [];
  const base: number[] = [];
  for (let n = 0; n < RUNS; n++) {
    ours.push(
      cpuOf(() => {
        plan = planMaintenance({ rows, config, now, days: 14 });
        maintenanceMessage({ record: recordOf(plan), approvers: {} });
      }),
    );
    base.push(
      cpuOf(() => {
        const report = {
          target: 'all',
          checked: [],
          rows,
          notices: [],
          failures: [],
          healthUnavailable: [],
          now,
        };
        eventsMessages(report, planEvents(report), () => []);
      }),
    );
  }
  return { ours: percentile(ours, 50), max: Math.max(...ours), base: percentile(base, 50), plan };
}

const recordOf = (plan: ReturnType<typeof planMaintenance>): PlanRecord => ({
  id: 'mp-bench00000',
  target: 'all',
  accounts: [],
  days: 14,
  plan,
  diff: { added: [], removed: [], moved: [], first: true },
  requester: 'U0BENCH',
  channel: 'C0BENCH',
  state: 'proposed',
  approvals: {},
  approvedBy: {},
  createdAt: plan.now,
  stage: 0,
  items: {},
  correlationId: 'bench',
});

function configYaml(): string {
  const accounts = Array.from({ length: ACCOUNTS }, (_, n) =>
    [
      `  acct${n}:`,
      `    id: "${accountId(n)}"`,
      `    role_arn: arn:aws:iam::${accountId(n)}:role/ec2-ops-bot`,
      `    regions: [${REGIONS.join(', ')}]`,
      `    approvers: [U0LEAD]`,
      `    maintenance: { tz: ${TZ[n % TZ.length]}, windows: ["Tue 02:00-05:00", "Thu 02:00-05:00"], groups: { by: [asg, "tag:service"], max_unavailable: 1 } }`,
    ].join('\n'),
  );
  return `accounts:\n${accounts.join('\n')}\n`;
}

async function endToEnd(): Promise<{
  wallMs: number;
  calls: Map<string, number>;
  again: Map<string, number>;
  events: number;
}> {
  const moto = await startMoto();
  useMotoEnv(moto);
  const health = new FakeHealth();
  await health.start();
  process.env.AWS_ENDPOINT_URL_HEALTH = health.url;
  const calls = new Map<string, number>();
  const count = (client: any) =>
    client.middlewareStack.add(
      (next: any, ctx: any) => async (args: any) => {
        calls.set(ctx.commandName, (calls.get(ctx.commandName) ?? 0) + 1);
        return next(args);
      },
      { step: 'initialize', name: 'benchCount' },
    );
  const bot = await startTestBot({
    name: 'bench-maintenance',
    config: configYaml(),
    aws: {
      onClient: (c, k) => {
        tagHealthAccount(c, k);
        count(c);
      },
    },
  });
  try {
    const now = Date.now();
    let events = 0;
    await Promise.all(
      Array.from({ length: ACCOUNTS }, async (_, a) => {
        for (const region of REGIONS) {
          const ids = await moto.launch(accountId(a), region, { count: PER_UNIT, name: 'bench' });
          const ec2 = await moto.ec2(accountId(a), region);
          for (const [k, id] of ids.entries()) {
            const s = fleetSpec(k);
            const tags = [
              ...(s.asg ? [{ Key: 'aws:autoscaling:groupName', Value: s.asg }] : []),
              ...(s.service ? [{ Key: 'service', Value: s.service }] : []),
            ];
            if (tags.length) await ec2.send(new CreateTagsCommand({ Resources: [id], Tags: tags }));
            const e = eventOf(k, now);
            await moto.injectEvents(accountId(a), region, id, [
              {
                Code: e.code,
                NotBefore: e.notBefore,
                ...(e.notBeforeDeadline
                  ? {
                      NotBeforeDeadline: e.notBeforeDeadline,
                      InstanceEventId: `instance-event-${id.slice(2)}`,
                    }
                  : {}),
              },
            ]);
            events++;
          }
        }
      }),
    );
    const plan = async (n: number): Promise<number> => {
      calls.clear();
      const t0 = performance.now();
      await bot.command('maintenance plan all', { user: 'U0LEAD', channel: 'C0BENCH' });
      await bot.slack.waitFor(
        (cs) =>
          cs.filter(
            (c) => c.method === 'chat.postMessage' && String(c.body.text).startsWith('Maintenance plan'),
          ).length >= n || undefined,
        300_000,
      );
      return performance.now() - t0;
    };
    const wallMs = await plan(1);
    const first = new Map(calls);
    // The same plan again (as the standing plan's sweep does): region probe and type facts now in Redis.
    await plan(2);
    return { wallMs, calls: first, again: new Map(calls), events };
  } finally {
    await bot.close();
    await health.stop();
    await moto.stop();
  }
}

// ---- executing a plan: 200 stop + starts in waves, EC2's buckets enforced in front of moto ----

const EXEC_ACCOUNTS = ['555555555555', '666666666666'];
const EXEC_REGIONS = ['us-east-1', 'eu-west-1'];
const EXEC_PER_UNIT = 50; // 2 accounts × 2 regions × 50 = 200 instance-stop events
const GROUP = 4; // groups of 4 (every fourth an Auto Scaling group) with max_unavailable 1: 4 waves at least
const MAX_UNAVAILABLE = 1;
const EXEC_POLL_MS = '500';
/** docs/architecture.md §4's buckets: StopInstances and the in-flight tags from mutating (50, 5/s), StartInstances from start-run (5, 2/s). */
const EXEC_MODEL = MODELS[1]!;
const MIN = 60_000;

function execConfig(): string {
  const accounts = EXEC_ACCOUNTS.map((id, n) =>
    [
      `  exec${n}:`,
      `    id: "${id}"`,
      `    role_arn: arn:aws:iam::${id}:role/ec2-ops-bot`,
      `    regions: [${EXEC_REGIONS.join(', ')}]`,
      '    operators: [U0REQ]',
      '    approvers: [U0LEAD]',
      '    approval: { required_for: [] }',
    ].join('\n'),
  );
  return [
    'defaults:',
    '  maintenance:',
    '    tz: UTC',
    `    windows: ["${openWindow()}"]`,
    `    groups: { by: [asg, "tag:service"], max_unavailable: ${MAX_UNAVAILABLE} }`,
    '    asg: standby', // a quarter of the groups are Auto Scaling groups: waves sized with the standby round trip
    'accounts:',
    ...accounts,
    '',
  ].join('\n');
}

interface ExecResult {
  makespan: number;
  single: number;
  waves: number;
  items: number;
  states: Record<string, number>;
  calls: Record<string, number>;
  throttled: number;
  userErrors: number;
  waveEnds: number[];
  stops: number[];
  starts: number[];
}

async function execute(): Promise<ExecResult> {
  const moto = await startMoto();
  useMotoEnv(moto);
  const health = new FakeHealth();
  await health.start();
  process.env.AWS_ENDPOINT_URL_HEALTH = health.url;
  // All of EC2's buckets (docs/architecture.md §4, describes too) as one party in front of moto (moto has no throttling);
  // the bot's pacer uses the same defaults. EXEC_MODEL's two buckets are the ones the bound counts.
  const gate = new Ec2Gate(EC2_BUCKETS);
  const proxy = new DelayProxy(moto.url, 0);
  proxy.gate = gate.gate;
  await proxy.start();
  process.env.AWS_ENDPOINT_URL = proxy.url; // the bot's SDK clients (STS too: the proxy learns accounts from AssumeRole)
  const bot = await startTestBot({
    name: 'bench-mexec',
    config: execConfig(),
    worker: false,
    env: { OPS_POLL_MS: EXEC_POLL_MS, LOG_LEVEL: 'warn' },
    aws: { onClient: tagHealthAccount },
  });
  // ops at concurrency 100 (as bench/ops.ts): a wave is ~50 operations, the worker's default 20 would bound it
  const worker = startWorker(bot.deps, { ...bot.settings, concurrency: { ops: 100 } });
  try {
    const notBefore = new Date(Date.now() + 3 * 24 * 60 * MIN).toISOString();
    await Promise.all(
      EXEC_ACCOUNTS.flatMap((account) =>
        EXEC_REGIONS.map(async (region) => {
          const ids = await moto.launch(account, region, { count: EXEC_PER_UNIT, name: 'bench' });
          const ec2 = await moto.ec2(account, region);
          for (let g = 0; g * GROUP < ids.length; g++)
            await ec2.send(
              new CreateTagsCommand({
                Resources: ids.slice(g * GROUP, (g + 1) * GROUP),
                // every fourth group is an Auto Scaling group (its members carry the group's tag)
                Tags: [
                  g % 4 === 3
                    ? { Key: 'aws:autoscaling:groupName', Value: `asg-${account.slice(0, 1)}-${region}-${g}` }
                    : { Key: 'service', Value: `svc-${account.slice(0, 1)}-${region}-${g}` },
                ],
              }),
            );
          for (const id of ids)
            await moto.injectEvents(account, region, id, [{ Code: 'instance-stop', NotBefore: notBefore }]);
        }),
      ),
    );
    // the per-wave minimum: one recover alone (full buckets, nothing else running), through the same worker
    const [spare] = await moto.launch(EXEC_ACCOUNTS[0]!, EXEC_REGIONS[0]!, { count: 1, name: 'spare' });
    const queue = bot.deps.queues.get(QUEUE.ops);
    const t1 = Date.now();
    const op = await startOperation(bot.deps, {
      op: 'recover',
      account: 'exec0',
      region: EXEC_REGIONS[0]!,
      instanceId: spare!,
      requester: 'U0REQ',
      channel: 'C0BENCH',
      correlationId: newCorrelationId(),
    });
    const finished = await until(
      async () => (await queue.getJob(op.id))?.finishedOn,
      'the single recover',
      60_000,
    );
    const single = (finished - t1) / 1000;

    await bot.command('maintenance plan all --days 7', { user: 'U0REQ', channel: 'C0BENCH' });
    const post = await bot.slack.waitFor(
      (cs) => cs.find((c) => c.method === 'chat.postMessage' && textOf(c.body).includes('Maintenance plan')),
      120_000,
    );
    const store = bot.deps.stores.plans;
    const [record] = await store.recent(1);
    if (!record) throw new Error('no plan recorded');
    const items = record.plan.waves.reduce((n, w) => n + w.items.length, 0);
    const approve = elementsOf(post.body).find((e) => e.action_id === 'ec2.mplan.approve');
    if (!approve) throw new Error('the plan message has no Approve button');
    await new Promise((r) => setTimeout(r, 2_000)); // every bucket full again after the single recover
    const throttledBefore = gate.totalThrottled;
    const t0 = Date.now();
    await bot.action(
      buttonPayload({
        actionId: 'ec2.mplan.approve',
        value: approve.value,
        user: 'U0LEAD',
        channel: String(post.body.channel),
        ts: post.ts!,
        responseUrl: bot.slack.responseUrl(),
      }),
    );
    // the end of each wave: the moment the plan's stage moves on (sampled)
    const waveEnds: number[] = [];
    let stage = -1;
    const end = await until(
      async () => {
        const r = await store.get(record.id);
        if (r && r.stage !== stage) {
          if (stage >= 0) waveEnds.push((Date.now() - t0) / 1000);
          stage = r.stage;
        }
        return r && (r.state === 'done' || r.state === 'paused' || r.state === 'cancelled') ? r : undefined;
      },
      'the plan to finish',
      170_000,
    );
    const makespan = (Date.now() - t0) / 1000;
    const states: Record<string, number> = {};
    for (const v of Object.values(end.items)) states[v] = (states[v] ?? 0) + 1;
    if (end.state !== 'done') states[`plan ${end.state}`] = 1;
    const since = (action: string) =>
      (gate.sentAt[action] ?? []).filter((t) => t >= t0).map((t) => (t - t0) / 1000);
    const userErrors = bot.slack.calls.filter((c) =>
      /THROTTLED|RequestLimitExceeded|Request limit/i.test(
        `${textOf(c.body)}${JSON.stringify(c.body.blocks ?? '')}`,
      ),
    ).length;
    return {
      makespan,
      single,
      waves: record.plan.waves.filter((w) => w.items.some((i) => i.action !== 'reschedule')).length,
      items,
      states,
      calls: Object.fromEntries(
        Object.keys(gate.sentAt)
          .sort()
          .map((a) => [a, since(a).length]),
      ),
      throttled: gate.totalThrottled - throttledBefore,
      userErrors,
      waveEnds,
      stops: since('StopInstances'),
      starts: since('StartInstances'),
    };
  } finally {
    await worker.close();
    await bot.close();
    await Promise.all([health.stop(), proxy.stop()]);
    await moto.stop();
    delete process.env.AWS_ENDPOINT_URL_HEALTH;
  }
}

function executeRows(r: ExecResult): BenchRow[] {
  const perTarget = EXEC_PER_UNIT;
  const buckets = bucketBound(EXEC_MODEL, perTarget);
  // max_unavailable in groups of GROUP forces this many waves one after the other; each takes at least one
  // recover alone. The window is open now and lasts hours, so it adds nothing to the bound.
  const forced = Math.ceil(GROUP / MAX_UNAVAILABLE);
  const waves = forced * r.single;
  const bound = Math.max(buckets, waves);
  const span = (xs: number[]) =>
    xs.length ? `${Math.min(...xs).toFixed(1)}/${Math.max(...xs).toFixed(1)}` : 'none';
  return [
    {
      figure: `executing a ${r.items}-instance plan (instance-stop → stop + start), 2 accounts × 2 regions, groups of ${GROUP} (a quarter Auto Scaling groups, asg: standby), max_unavailable 1, window open now, EC2's buckets enforced in front of moto: approval → last wave done`,
      ours: `${r.makespan.toFixed(1)} s`,
      baseline: `${bound.toFixed(1)} s (lower bound, max of: ${forced} waves forced by max_unavailable × ${r.single.toFixed(1)} s (one recover alone, same run) = ${waves.toFixed(1)} s; buckets ${buckets.toFixed(1)} s for ${perTarget} stop + starts per account-region, ${EXEC_MODEL.name}; window: 0, open now)`,
      ratio: (r.makespan / bound).toFixed(2),
      target: 'close to 1',
    },
    {
      figure:
        "  waves and items (the planner gives a wave at most the start bucket's 5 StartInstances per account-region)",
      ours: `${r.waves} waves; ${Object.entries(r.states)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}`,
      baseline: `${forced} waves forced by max_unavailable`,
      ratio: '-',
      target: '-',
    },
    {
      figure:
        '  where the time went: each wave ended at (s after approval); first/last StopInstances, first/last StartInstances let through (s)',
      ours: `${r.waveEnds.map((t) => t.toFixed(1)).join(', ')}; ${span(r.stops)}, ${span(r.starts)}`,
      baseline: '-',
      ratio: '-',
      target: '-',
    },
    {
      figure: `  Describe calls per account-region per second over the run (non-mutating bucket refills ${EC2_BUCKETS['non-mutating'].refillPerSec}/s)`,
      ours: (
        Object.entries(r.calls)
          .filter(([a]) => a.startsWith('Describe'))
          .reduce((n, [, k]) => n + k, 0) /
        (EXEC_ACCOUNTS.length * EXEC_REGIONS.length) /
        r.makespan
      ).toFixed(1),
      baseline: '-',
      ratio: '-',
      target: '-',
    },
    {
      figure: '  EC2 calls let through after approval, by action',
      ours: Object.entries(r.calls)
        .map(([a, k]) => `${a} ${k}`)
        .join(', '),
      baseline: '-',
      ratio: '-',
      target: '-',
    },
    {
      figure: 'throttling errors that reached a user (plan execution)',
      ours: String(r.userErrors),
      baseline: `${r.throttled} RequestLimitExceeded answered (retried by the SDK)`,
      ratio: '-',
      target: '0',
    },
  ];
}

export async function run(): Promise<BenchResult> {
  // BENCH_MAINTENANCE=plan or =execute runs one part alone
  const only = process.env.BENCH_MAINTENANCE;
  if (only === 'execute') return { name: 'maintenance', rows: executeRows(await execute()) };
  const now = new Date();
  const rows = syntheticRows(now.getTime());
  const cpu = planCpu(rows, now);
  const waves = cpu.plan.waves.length;
  const surprises = surprisesOf(cpu.plan, rows);
  const planned = cpu.plan.waves.reduce((n, w) => n + w.items.length, 0);
  const e2e = await endToEnd();
  const total = [...e2e.calls.values()].reduce((a, b) => a + b, 0);
  // AssumeRole goes through the credential provider's own STS client (not counted here), so the bound leaves it out.
  const bound = ACCOUNTS + ACCOUNTS * REGIONS.length * 2;
  const byAction = (calls: Map<string, number>): string =>
    [...calls.entries()]
      .sort()
      .map(([k, v]) => `${k.replace(/Command$/, '')} ${v}`)
      .join(', ');
  const again = [...e2e.again.values()].reduce((a, b) => a + b, 0);
  return {
    name: 'maintenance',
    rows: [
      {
        figure: `bot CPU to a plan: 1,000 events, 10 accounts × 4 regions (planner + plan message), median of ${RUNS} (ms)`,
        ours: `${cpu.ours.toFixed(1)} (max ${cpu.max.toFixed(1)})`,
        baseline: `${cpu.base.toFixed(1)} (/ec2 events listing of the same rows)`,
        ratio: (cpu.ours / cpu.base).toFixed(2),
        target: '< 1000',
      },
      {
        figure: 'the plan',
        ours: `${planned} planned in ${waves} waves, ${cpu.plan.unplanned.filter((u) => u.conflict).length} conflicts, ${cpu.plan.unplanned.filter((u) => !u.conflict).length} left to AWS`,
        baseline: '-',
        ratio: '-',
        target: '-',
      },
      {
        figure: `surprises: of the ${rows.length} events, left stopped at AWS's time / terminated earlier than AWS planned`,
        ours: `${surprises.stopped} / ${surprises.early}`,
        baseline: '-',
        ratio: '-',
        target: '0 / 0',
      },
      {
        figure: `/ec2 maintenance plan all against moto (${e2e.events} events): command → plan message (ms)`,
        ours: e2e.wallMs.toFixed(0),
        baseline: '-',
        ratio: '-',
        target: 'context (moto, no added latency)',
      },
      {
        figure: 'AWS calls to plan (EC2 + Health; AssumeRole not counted)',
        ours: String(total),
        baseline: `${bound} (lower bound: one Health read per account, DescribeInstanceStatus + DescribeInstances per account-region)`,
        ratio: (total / bound).toFixed(2),
        target: 'close to 1',
      },
      {
        figure:
          'AWS calls by action (the region probe, DescribeInstances of ≤ 5 per account-region, is what a fresh installation adds: kept 30 min in Redis)',
        ours: byAction(e2e.calls),
        baseline: '-',
        ratio: '-',
        target: '-',
      },
      {
        figure:
          'the same plan again at once (region probe and instance-type facts in Redis, as for the standing plan)',
        ours: `${again}: ${byAction(e2e.again)}`,
        baseline: String(bound),
        ratio: (again / bound).toFixed(2),
        target: 'close to 1',
      },
      ...(only === 'plan' ? [] : executeRows(await execute())),
    ],
  };
}
