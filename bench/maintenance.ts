/**
 * maintenance: planning 1,000 open events over 10 accounts × 4 regions, with Auto Scaling groups, tag
 * groups (max_unavailable 1), two weekly windows per account in its own time zone and a freeze.
 * - Bot CPU to a plan (the planner and the plan message), median of 7 runs, against the same run's
 *   baseline: the `/ec2 events all` listing of the same 1,000 rows (grouping + messages, no planning).
 * - `/ec2 maintenance plan all` through the bot (in-process, real Redis, moto seeded with the same
 *   fleet, fake Slack): command → plan message, and the EC2 + Health calls it made by action against a
 *   lower bound (one Health read per account; one DescribeInstanceStatus and one DescribeInstances per
 *   account-region). DescribeAddresses (Elastic IPs: does a stop + start change the IP) and
 *   DescribeInstanceTypes (reboot migration support, instance store) are facts the plan needs beyond it.
 */
import { CreateTagsCommand } from '@aws-sdk/client-ec2';
import { type MaintenanceConfig, maintenanceSchema } from '../src/config/maintenanceSchema';
import type { InstanceInfo } from '../src/domain/instance';
import { type PlanRow, planMaintenance } from '../src/maintenance/plan';
import type { PlanRecord } from '../src/maintenance/store';
import { eventsMessages, planEvents } from '../src/views/events';
import { maintenanceMessage } from '../src/views/maintenance';
import { startTestBot } from '../test/helpers/bot';
import { FakeHealth, tagHealthAccount } from '../test/helpers/fakeHealth';
import { startMoto, useMotoEnv } from '../test/helpers/moto';
import { type BenchResult, percentile } from './types';

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

async function endToEnd(): Promise<{ wallMs: number; calls: Map<string, number>; events: number }> {
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
    calls.clear();
    const t0 = performance.now();
    await bot.command('maintenance plan all', { user: 'U0LEAD', channel: 'C0BENCH' });
    await bot.slack.waitFor(
      (cs) =>
        cs.find((c) => c.method === 'chat.postMessage' && String(c.body.text).startsWith('Maintenance plan')),
      300_000,
    );
    return { wallMs: performance.now() - t0, calls, events };
  } finally {
    await bot.close();
    await health.stop();
    await moto.stop();
  }
}

export async function run(): Promise<BenchResult> {
  const now = new Date();
  const rows = syntheticRows(now.getTime());
  const cpu = planCpu(rows, now);
  const waves = cpu.plan.waves.length;
  const planned = cpu.plan.waves.reduce((n, w) => n + w.items.length, 0);
  const e2e = await endToEnd();
  const total = [...e2e.calls.values()].reduce((a, b) => a + b, 0);
  // AssumeRole goes through the credential provider's own STS client (not counted here), so the bound leaves it out.
  const bound = ACCOUNTS + ACCOUNTS * REGIONS.length * 2;
  const byAction = [...e2e.calls.entries()]
    .sort()
    .map(([k, v]) => `${k.replace(/Command$/, '')} ${v}`)
    .join(', ');
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
        figure: `/ec2 maintenance plan all against moto (${e2e.events} events): command → plan message (ms)`,
        ours: e2e.wallMs.toFixed(0),
        baseline: '-',
        ratio: '-',
        target: 'context (moto, no added latency)',
      },
      {
        figure: 'AWS calls to plan (EC2 + Health; AssumeRole not counted)',
        ours: String(total),
        baseline: `${bound} (lower bound: one Health read per account, DescribeInstanceStatus + DescribeInstances per account-region; the rest are the EIP and instance-type facts the plan uses)`,
        ratio: (total / bound).toFixed(2),
        target: 'close to 1',
      },
      { figure: 'AWS calls by action', ours: byAction, baseline: '-', ratio: '-', target: '-' },
    ],
  };
}
