/**
 * maintenance — surprises: the standing plan (issue 21) on 10 accounts × 4 regions in moto, every account
 * `watch: true` with a sweep every 30 s (`sweep_minutes: 0.5`, the bench setting), a window open now,
 * half the accounts with `auto_approve: [reschedule]`. 200 events (one per instance, mixed codes) are
 * injected at random times over the first minute, with no webhook delivery: only the sweeps find them.
 * - time from injection to planned (the sweep that placed the event: proposed, applied by policy, placed
 *   by an event window or left with a reason), p50 and max, against sweep interval + 60 s;
 * - events left unplanned or without a stated reason when the run ends (their AWS time is days away);
 * - bot CPU per sweep and EC2 + Health calls per sweep against the lower bound: one
 *   DescribeInstanceStatus per account-region with instances, one Health read per account (this bench
 *   has no organization, whose view would be one Health read in all).
 * Bounded: the run stops 150 s after the first injection at the latest.
 */
import type { StandingStore } from '../src/stores/standingStore';
import { startBed } from '../test/helpers/bed';
import { FakeHealth } from '../test/helpers/fakeHealth';
import { openWindow } from '../test/helpers/maintenanceWindow';
import type { Moto } from '../test/helpers/moto';
import { type BenchResult, percentile } from './types';

const ACCOUNTS = 10;
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-northeast-2'];
const PER_UNIT = 5; // 10 × 4 × 5 = 200 events
const SWEEP_S = 30;
const INJECT_OVER_MS = 60_000;
const DEADLINE_MS = 150_000;
const DAY = 86_400_000;
const CODES = [
  'instance-reboot',
  'system-reboot',
  'instance-stop',
  'system-maintenance',
  'instance-retirement',
];
const accountId = (n: number): string => String(700000000000 + n);

function configYaml(): string {
  const accounts = Array.from({ length: ACCOUNTS }, (_, n) =>
    [
      `  acct${n}:`,
      `    id: "${accountId(n)}"`,
      `    role_arn: arn:aws:iam::${accountId(n)}:role/ec2-ops-bot`,
      `    regions: [${REGIONS.join(', ')}]`,
      `    alert_channel: C0ACCT${n}`,
      '    approvers: [U0LEAD]',
      `    maintenance: { tz: UTC, windows: ["${openWindow()}"], watch: true, sweep_minutes: ${SWEEP_S / 60}, auto_approve: [${n % 2 ? 'reschedule' : ''}] }`,
    ].join('\n'),
  );
  return `accounts:\n${accounts.join('\n')}\n`;
}

interface Injection {
  account: string;
  key: string;
  at: number;
}

export async function run(): Promise<BenchResult> {
  const calls = new Map<string, number>();
  const bed = await startBed({
    name: 'bench-surprises',
    config: configYaml(),
    health: new FakeHealth(),
    aws: {
      onClient: (c) => {
        (c as any).middlewareStack.add(
          (next: any, ctx: any) => async (args: any) => {
            calls.set(ctx.commandName, (calls.get(ctx.commandName) ?? 0) + 1);
            return next(args);
          },
          { step: 'initialize', name: 'benchCount' },
        );
      },
    },
  });
  const { moto, bot } = bed;
  try {
    const units = Array.from({ length: ACCOUNTS }, (_, a) => REGIONS.map((r) => ({ a, r }))).flat();
    const fleet = await Promise.all(
      units.map(async (u) => ({
        ...u,
        ids: await moto.launch(accountId(u.a), u.r, { count: PER_UNIT, type: 'm5.large' }),
      })),
    );
    calls.clear();
    const sweepsAtStart = sweeps(bot.logs);
    const cpu0 = process.cpuUsage();
    const t0 = Date.now();
    const injected = await injectAll(moto, fleet);
    const store = bot.deps.stores.standing;
    const planned = new Map<string, number>();
    while (Date.now() - t0 < DEADLINE_MS && planned.size < injected.length) {
      for (let a = 0; a < ACCOUNTS; a++) {
        const s = await store.get(`acct${a}`);
        for (const [k, at] of Object.entries(s?.handledAt ?? {}))
          if (!planned.has(k)) planned.set(k, Date.parse(at));
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    const cpuMs = (() => {
      const c = process.cpuUsage(cpu0);
      return (c.user + c.system) / 1000;
    })();
    const n = sweeps(bot.logs) - sweepsAtStart;
    const latencies = injected.filter((i) => planned.has(i.key)).map((i) => (planned.get(i.key) ?? 0) - i.at);
    const noReason = await leftWithoutReason(store);
    const status = calls.get('DescribeInstanceStatusCommand') ?? 0;
    const health = [...calls]
      .filter(([k]) => k.startsWith('DescribeEvents') || k.startsWith('DescribeAffected'))
      .reduce((x, [, v]) => x + v, 0);
    const all = [...calls.values()].reduce((x, v) => x + v, 0);
    const perSweep = (v: number) => (n ? (v / n).toFixed(1) : 'n/a');
    return {
      name: 'maintenance — surprises',
      rows: [
        row(
          'injection → planned, p50',
          `${(percentile(latencies, 50) / 1000).toFixed(1)} s`,
          `${SWEEP_S + 60} s`,
          `≤ ${SWEEP_S + 60} s`,
        ),
        row(
          'injection → planned, max',
          `${(Math.max(...latencies) / 1000).toFixed(1)} s`,
          `${SWEEP_S + 60} s`,
          `≤ ${SWEEP_S + 60} s`,
        ),
        row(
          'events planned / injected',
          `${latencies.length} / ${injected.length}`,
          `${injected.length}`,
          'all',
        ),
        row(
          'unplanned or left without a reason at the end',
          `${injected.length - latencies.length + noReason}`,
          '0',
          '0',
        ),
        row('sweeps (account sweeps in the run)', `${n}`, '—', '—'),
        row('bot CPU per sweep', `${perSweep(cpuMs)} ms`, '—', '—'),
        row(
          'DescribeInstanceStatus per sweep',
          perSweep(status),
          `${REGIONS.length}`,
          `${REGIONS.length} (one per region with instances)`,
        ),
        row('Health calls per sweep', perSweep(health), '1', '1 per account (no organization here)'),
        row('all EC2 + Health calls per sweep', perSweep(all), `${REGIONS.length + 1}`, '—'),
        row(
          'calls by action (run)',
          [...calls]
            .sort((x, y) => y[1] - x[1])
            .map(([k, v]) => `${k.replace(/Command$/, '')} ${v}`)
            .join(', '),
          '—',
          '—',
        ),
      ],
    };
  } finally {
    await bed.close();
  }
}

const row = (figure: string, ours: string, baseline: string, target: string) => ({
  figure,
  ours,
  baseline,
  ratio: '',
  target,
});

const sweeps = (logs: string[]): number => logs.filter((l) => l.includes('"standing plan swept"')).length;

/** 200 events at random times over the first minute (one per instance), each stamped when moto has it. */
async function injectAll(moto: Moto, fleet: { a: number; r: string; ids: string[] }[]): Promise<Injection[]> {
  const out: Injection[] = [];
  const all = fleet.flatMap((u) =>
    u.ids.map((id, k) => ({ ...u, id, k, delay: Math.random() * INJECT_OVER_MS })),
  );
  await Promise.all(
    all.map(async (e) => {
      await new Promise((r) => setTimeout(r, e.delay));
      const code = CODES[e.k % CODES.length]!;
      const start = Date.now() + (2 + (e.k % 4)) * DAY;
      const movable = code === 'instance-reboot' || code === 'system-reboot';
      await moto.injectEvents(accountId(e.a), e.r, e.id, [
        {
          Code: code,
          NotBefore: new Date(start).toISOString(),
          ...(movable
            ? {
                NotBeforeDeadline: new Date(start + 5 * DAY).toISOString(),
                InstanceEventId: `instance-event-${e.id.slice(2)}`,
              }
            : {}),
        },
      ]);
      out.push({ account: `acct${e.a}`, key: `acct${e.a}|${e.r}|${e.id}|${code}`, at: Date.now() });
    }),
  );
  return out;
}

/** Left events whose plan line states no reason (the planner always gives one: this counts a regression). */
async function leftWithoutReason(store: StandingStore): Promise<number> {
  let n = 0;
  for (let a = 0; a < ACCOUNTS; a++)
    n += ((await store.get(`acct${a}`))?.left ?? []).filter((u) => !u.why.length).length;
  return n;
}
