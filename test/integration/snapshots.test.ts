import { DescribeSnapshotsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { registerSnapshotSchedules } from '../../jobs/snapshots-scheduled/register';
import type { ServiceClient } from '../../src/aws/clients';
import { snapshotsOperationPlan } from '../../src/ops/snapshots/operationPlan';
import {
  type AccountsSpec,
  accountsConfig,
  accountsYaml,
  EUROPE,
  withChanges,
} from '../helpers/accountsConfig';
import { startTestBot, type TestBot } from '../helpers/bot';
import { type Moto, startMoto, useMotoEnv } from '../helpers/moto';
import { textOf, until } from '../helpers/ops';
import { type Fleet, NOW, PROD, type Seeded, STAGING, seedFleet } from '../helpers/snapshotFleet';
import { ec2ErrorResponse } from '../helpers/throttle';

/**
 * Snapshot retention end to end: real Bolt over HTTP, BullMQ on real Redis, moto for EC2, fake Slack.
 * moto stamps every snapshot "now", so history is seeded through the launcher's /_ec2bot/snapshot
 * control endpoint (StartTime, OwnerId, and "in use by an AMI": moto's RegisterImage ignores the
 * snapshot in BlockDeviceMappings, so the link is made there and moto's own DeleteSnapshot then
 * answers InvalidSnapshot.InUse). Injected by SDK middleware, because moto cannot play them: one
 * transient 500 on DeleteSnapshot (resume after a failed attempt), EC2 throttling on CreateSnapshot
 * (moto never throttles), and a 500 on DescribeInstances for staging (a run that fails).
 */

const SPEC: AccountsSpec = {
  defaults: { regions: ['us-east-1'] },
  accounts: {
    prod: {
      id: PROD,
      regions: ['us-east-1', 'eu-west-1'],
      alert_channel: 'C0PRODALERT',
      operators: ['U0ALICE'],
      approvers: ['U0BOB'],
      snapshots: { create: true, daily_days: 30, monthly_months: 7, schedule: '0 3 * * *', tz: 'Asia/Seoul' },
    },
    staging: {
      id: STAGING,
      regions: ['us-east-1', 'eu-west-1'],
      alert_channel: 'C0STAGEALERT',
      snapshots: {
        create: true,
        only_tag: 'backup=daily',
        daily_days: 7,
        monthly_months: 3,
        schedule: '30 4 * * 1-5',
        regions: ['us-east-1'],
      },
    },
    dev: { id: EUROPE },
  },
};
const CONFIG = accountsYaml(SPEC);

let moto: Moto;
let bot: TestBot;
const inject = { failNextDelete: false, failStagingDescribe: false, throttleStagingCreates: 0 };

const injectErrors = (client: ServiceClient, key: { account: string; service: string }): void => {
  if (key.service !== 'ec2') return;
  (client as EC2Client).middlewareStack.add(
    (next, ctx) => async (args) => {
      const cmd = String(ctx.commandName);
      const fail =
        (cmd === 'DeleteSnapshotCommand' && key.account === 'prod' && inject.failNextDelete) ||
        (cmd === 'DescribeInstancesCommand' && key.account === 'staging' && inject.failStagingDescribe);
      if (fail) {
        if (cmd === 'DeleteSnapshotCommand') inject.failNextDelete = false;
        throw Object.assign(new Error('injected: We encountered an internal error'), {
          name: 'InternalError',
          $metadata: { httpStatusCode: 500 },
        });
      }
      return next(args);
    },
    { step: 'initialize', name: 'testInjectErrors' },
  );
  // EC2's throttle answer where the HTTP request would go out: inside the SDK's retry, which rides it out.
  (client as EC2Client).middlewareStack.add(
    (next, ctx) => async (args) => {
      const cmd = String(ctx.commandName);
      if (cmd === 'CreateSnapshotCommand' && key.account === 'staging' && inject.throttleStagingCreates > 0) {
        inject.throttleStagingCreates -= 1;
        return { response: ec2ErrorResponse('RequestLimitExceeded', 503), output: undefined as never };
      }
      return next(args);
    },
    { step: 'deserialize', priority: 'low', name: 'testThrottle' },
  );
};

let east: EC2Client;
let west: EC2Client;
let stagingEast: EC2Client;
let prodEast: Seeded;
let prodWest: Seeded;
let extra: Fleet['extra'];
let volumes: Fleet['volumes'];
let stagingIds: Map<string, string>;

beforeAll(async () => {
  moto = await startMoto();
  useMotoEnv(moto);
  ({ east, west, stagingEast, prodEast, prodWest, extra, volumes, stagingIds } = await seedFleet(moto));
  bot = await startTestBot({
    name: 'snapshots',
    config: CONFIG,
    now: () => NOW,
    aws: { onClient: injectErrors },
  });
}, 120_000);

afterAll(async () => {
  await bot?.close();
  await moto?.stop();
});

const ownedSnapshots = async (ec2: EC2Client, owner: string) => {
  const out = await ec2.send(
    new DescribeSnapshotsCommand({ Filters: [{ Name: 'owner-id', Values: [owner] }] }),
  );
  return out.Snapshots ?? [];
};
const tag = (s: { Tags?: { Key?: string; Value?: string }[] }, k: string) =>
  s.Tags?.find((t) => t.Key === k)?.Value;

const responseTo = (res: { responseUrl: string }) =>
  bot.slack.waitFor((calls) =>
    calls.find((c) => c.method === 'response_url' && c.responseId === res.responseUrl.split('/').pop()),
  );

describe('/ec2 snapshots <account> plan', () => {
  it('shows the dry-run diff per region and volume, escaped, and changes nothing', async () => {
    const before = (await ownedSnapshots(east, PROD)).length + (await ownedSnapshots(west, PROD)).length;
    const res = await bot.command('snapshots prod plan');
    expect(res.body.text).toContain('Planning snapshot retention for prod in us-east-1, eu-west-1');
    const answer = await responseTo(res);
    // By hand: web 36 kept (30 daily + 6 monthly) and 34 to delete (incl. the AMI's), evil 3 + 1,
    // db 32 (30 + May + 18 Oct) + 5; one new snapshot per running instance (web, evil, db; not the stopped one).
    expect(answer.body.text).toContain('create 3 · keep 71 (63 daily, 8 monthly) · delete 40');
    const blocks = JSON.stringify(answer.body.blocks);
    expect(blocks).toContain(
      `\`${volumes.web}\` web-1 /dev/sda1 — create 1 · keep 36 (30 daily, 6 monthly), 2026-05-01 → 2026-11-21 · delete 34`,
    );
    expect(blocks).toContain(`\`${volumes.db}\` db-1 /dev/sda1 — create 1 · keep 32 (30 daily, 2 monthly)`);
    expect(blocks).not.toContain(volumes.stopped);
    expect(blocks).not.toContain('<!channel>');
    expect(blocks).toContain('&lt;!channel&gt; pwn');
    expect(blocks).toContain('foreign');
    expect(answer.body.blocks.length).toBeLessThanOrEqual(50);
    const after = (await ownedSnapshots(east, PROD)).length + (await ownedSnapshots(west, PROD)).length;
    expect(after).toBe(before);
  });

  it('shows a region it cannot read by error name and still answers', async () => {
    inject.failStagingDescribe = true;
    try {
      const answer = await responseTo(await bot.command('snapshots staging plan'));
      expect(answer.body.text).toContain('1 region could not be read');
      expect(JSON.stringify(answer.body.blocks)).toContain('could not read this region (`InternalError`)');
      expect(JSON.stringify(answer.body)).not.toContain('injected');
    } finally {
      inject.failStagingDescribe = false;
    }
  });

  it('answers plainly for an account without a policy, and for an unknown action', async () => {
    const res = await bot.command('snapshots dev plan');
    expect(res.body.text).toContain('Account dev has no snapshot policy');
    const bad = await bot.command('snapshots prod purge');
    expect(bad.body.text).toContain('Unknown action `purge`');
  });
});

describe('the snapshots operation plan (for the approval message)', () => {
  it('states per region what the run creates, keeps and deletes', async () => {
    const plan = await snapshotsOperationPlan(bot.deps, {
      account: 'prod',
      regions: ['eu-west-1'],
      requester: 'U0ALICE',
    });
    expect(plan.title).toBe('Snapshot retention for prod');
    expect(plan.steps).toEqual(['eu-west-1: create 1 · keep 32 (30 daily, 2 monthly) · delete 5']);
    expect(plan.warnings).toEqual(['deletes 5 snapshots the bot created']);
    expect(plan.blockers).toEqual([]);
    await expect(
      snapshotsOperationPlan(bot.deps, { account: 'prod', regions: ['ap-south-1'] }),
    ).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
  });
});

describe('/ec2 snapshots <account> apply', () => {
  it('apply acks at once, then posts the plan for approval; nothing runs before someone approves', async () => {
    bot.slack.clear();
    const res = await bot.command('snapshots prod apply');
    expect(res.status).toBe(200);
    expect(res.body.response_type).toBe('ephemeral');
    expect(res.body.text).toContain('Preparing a snapshot retention run for prod');
    const plan = await bot.slack.waitFor((calls) =>
      calls.find(
        (c) =>
          c.method === 'chat.postMessage' && JSON.stringify(c.body.blocks).includes('ec2.approval.approve'),
      ),
    );
    expect(plan.body.channel).toBe('C0CHANNEL');
    // The Approve button confirms first (danger) with what the run creates and deletes, in numbers.
    const approve = (plan.body.blocks as any[])
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements)
      .find((e) => e.action_id === 'ec2.approval.approve');
    expect(approve.confirm.style).toBe('danger');
    expect(approve.confirm.text.text).toMatch(
      /^Snapshot retention for prod in [\w, -]+: creates \d+ snapshots? and deletes \d+ snapshots? the bot created/,
    );
    const ops = await bot.deps.queues
      .get('ops')
      .getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed');
    expect(Object.values(ops).reduce((a, b) => a + b, 0)).toBe(0);
  });
});

describe('snapshots operation job (as the approval enqueues it)', () => {
  const JOB_ID = 'snapapply-approval-1';

  it('creates, plans and deletes; resumes after a failed attempt without a second snapshot; reports', async () => {
    bot.slack.clear();
    inject.failNextDelete = true; // attempt 1 dies on its first DeleteSnapshot (a 500), attempt 2 resumes
    await bot.deps.queues.add(
      'ops',
      'snapshots',
      {
        correlationId: 'cid-apply-1',
        requester: 'U0ALICE',
        approver: 'U0BOB',
        account: 'prod',
        channel: 'C0OPS',
        params: {},
      },
      { jobId: JOB_ID, attempts: 2, backoff: { type: 'fixed', delay: 200 } },
    );
    const summary = await bot.slack.waitFor(
      (calls) => calls.find((c) => c.method === 'chat.postMessage' && /done:/.test(c.body.text)),
      60_000,
    );
    expect(inject.failNextDelete).toBe(false);
    expect(summary.body.channel).toBe('C0OPS');
    expect(summary.body.text).toContain('created 3 · deleted 39 · skipped 1 · failed 0 · kept 71');
    const blocks = JSON.stringify(summary.body.blocks);
    expect(blocks).toContain(extra.inUse);
    expect(blocks).toContain('in use by an AMI');

    // one start message (not one per attempt), progress and summary in its thread, the start updated
    const starts = bot.slack.callsOf('chat.postMessage').filter((c) => /started/.test(c.body.text));
    expect(starts).toHaveLength(1);
    expect(starts[0]!.body.text).toContain('requested by <@U0ALICE>, approved by <@U0BOB>');
    const threadTs = summary.body.thread_ts;
    expect(threadTs).toBeTruthy();
    const progress = bot.slack
      .callsOf('chat.postMessage')
      .filter((c) => c.body.thread_ts === threadTs && /`(us-east-1|eu-west-1)`/.test(c.body.text));
    expect(progress.map((p) => p.body.text.split(':')[0]).sort()).toEqual(['`eu-west-1`', '`us-east-1`']);
    await bot.slack.waitFor((calls) =>
      calls.find((c) => c.method === 'chat.update' && c.body.ts === threadTs),
    );
  });

  it('leaves exactly the expected snapshots: kept history, one new one per running volume, foreign and in-use', async () => {
    const eastNow = await ownedSnapshots(east, PROD);
    const westNow = await ownedSnapshots(west, PROD);
    const created = [...eastNow, ...westNow].filter((s) => tag(s, 'ec2bot:run') === JOB_ID);
    expect(created.map((s) => s.VolumeId).sort()).toEqual([volumes.web, volumes.evil, volumes.db].sort());
    expect(
      created.every(
        (s) =>
          tag(s, 'managed-by') === 'ec2-ops-bot' &&
          tag(s, 'ec2bot:policy') === 'daily=30d monthly=7m tz=Asia/Seoul',
      ),
    ).toBe(true);
    expect(created.find((s) => s.VolumeId === volumes.web)?.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'ec2bot:instance-name', Value: 'web-1' },
        { Key: 'ec2bot:device', Value: '/dev/sda1' },
      ]),
    );

    const seededLeft = (seeded: Seeded, snaps: typeof eastNow) => {
      const left = new Set(snaps.map((s) => s.SnapshotId));
      return [...seeded.ids]
        .filter(([, id]) => left.has(id))
        .map(([label]) => label)
        .sort();
    };
    expect(seededLeft(prodEast, eastNow)).toEqual([...prodEast.keep].sort());
    expect(seededLeft(prodWest, westNow)).toEqual([...prodWest.keep].sort());
    const eastIds = new Set(eastNow.map((s) => s.SnapshotId));
    expect(eastIds.has(extra.foreign)).toBe(true);
    expect(eastIds.has(extra.inUse)).toBe(true);
    // another owner's snapshot is not the account's (the owner-id filter), and it is still there
    const other = await east.send(new DescribeSnapshotsCommand({ SnapshotIds: [extra.otherOwner] }));
    expect(other.Snapshots?.[0]?.OwnerId).toBe('999999999999');
  });

  it('planning again deletes nothing more but the snapshot an AMI still uses', async () => {
    const res = await bot.command('snapshots prod plan');
    const answer = await responseTo(res);
    expect(answer.body.text).toContain('delete 1');
    expect(JSON.stringify(answer.body.blocks)).toContain(extra.inUse);
  });

  it('audits every deletion with requester, approver and run', async () => {
    const entries = await bot.deps.audit.recent(500);
    const deletes = entries.filter((e) => e.action === 'DeleteSnapshot' && e.result === 'deleted');
    expect(deletes).toHaveLength(39);
    expect(deletes[0]).toMatchObject({ actor: 'U0ALICE', account: 'prod', correlationId: 'cid-apply-1' });
    expect(deletes[0]?.detail).toMatchObject({ approver: 'U0BOB', runId: JOB_ID });
    expect(entries.some((e) => e.action === 'DeleteSnapshot' && e.result === 'in-use')).toBe(true);
  });
});

describe('scheduled runs', () => {
  it('registers one job scheduler per account with its cron and time zone, and removes stale ones', async () => {
    const queue = bot.deps.queues.get('schedules');
    // the worker registers them at start, without blocking it: wait for them to land in Redis
    // (the same queue also holds the worker's in-flight sweep scheduler, `ops-sweep`)
    const snapshotSchedulers = async () =>
      (await queue.getJobSchedulers(0, -1)).filter((s) => s.key.startsWith('snapshots:'));
    const list = await until(async () => {
      const found = await snapshotSchedulers();
      return found.length >= 2 ? found : undefined;
    }, 'the snapshot schedulers to land in Redis');
    const byKey = new Map(list.map((s) => [s.key, s]));
    expect(byKey.get('snapshots:prod')).toMatchObject({
      pattern: '0 3 * * *',
      tz: 'Asia/Seoul',
      name: 'snapshots-scheduled',
    });
    expect(byKey.get('snapshots:staging')).toMatchObject({ pattern: '30 4 * * 1-5', tz: 'UTC' });
    expect(byKey.has('snapshots:dev')).toBe(false);

    await queue.upsertJobScheduler(
      'snapshots:retired',
      { pattern: '0 1 * * *', tz: 'UTC' },
      { name: 'snapshots-scheduled' },
    );
    const result = await registerSnapshotSchedules(bot.deps);
    expect(result.removed).toEqual(['snapshots:retired']);
    const keys = (await snapshotSchedulers()).map((s) => s.key).sort();
    expect(keys).toEqual(['snapshots:prod', 'snapshots:staging']);

    // a cron BullMQ refuses for one account does not stop the others, and is logged by its key path
    const snapshotsOf = (alias: string) => SPEC.accounts[alias]!.snapshots as Record<string, unknown>;
    const badCron = accountsConfig(
      withChanges(SPEC, {
        accounts: {
          prod: { snapshots: { ...snapshotsOf('prod'), tz: 'Europe/Berlin' } },
          staging: { snapshots: { ...snapshotsOf('staging'), schedule: '75 4 * * 1-5' } },
        },
      }),
      'test/bad-cron.yml',
    );
    const again = await registerSnapshotSchedules({ ...bot.deps, config: badCron });
    expect(again.failed).toEqual(['snapshots:staging']);
    expect(again.upserted).toEqual(['snapshots:prod']);
    expect((await queue.getJobSchedulers(0, -1)).find((s) => s.key === 'snapshots:prod')?.tz).toBe(
      'Europe/Berlin',
    );
    expect(bot.logs.join('')).toContain('accounts.staging.snapshots.schedule: not a schedule BullMQ accepts');
    await registerSnapshotSchedules(bot.deps); // back to the test's config
  });

  it('runs the policy without approval, rides out throttling, and posts the summary to the account channel', async () => {
    bot.slack.clear();
    inject.throttleStagingCreates = 2; // the first two CreateSnapshot calls answer RequestLimitExceeded
    await bot.deps.queues.add(
      'schedules',
      'snapshots-scheduled',
      { correlationId: 'sched-staging', account: 'staging' },
      { jobId: 'sched-staging-run-1', attempts: 1 },
    );
    const summary = await bot.slack.waitFor(
      (calls) => calls.find((c) => c.method === 'chat.postMessage' && /done:/.test(c.body.text)),
      30_000,
    );
    expect(summary.body.channel).toBe('C0STAGEALERT');
    expect(summary.body.text).toContain(
      '(scheduled) done: created 1 · deleted 2 · skipped 0 · failed 0 · kept 2',
    );
    const left = new Set((await ownedSnapshots(stagingEast, STAGING)).map((s) => s.SnapshotId));
    expect(['s-jan', 's-oct05', 's-oct06', 's-nov20'].filter((l) => left.has(stagingIds.get(l)))).toEqual([
      's-oct05',
      's-nov20',
    ]);
    const created = (await ownedSnapshots(stagingEast, STAGING)).filter(
      (s) => tag(s, 'ec2bot:run') === 'sched-staging-run-1',
    );
    expect(created.map((s) => s.VolumeId)).toEqual([volumes.tagged]);
  });

  it('alerts the channel when a run fails, with a safe message and no AWS error text', async () => {
    bot.slack.clear();
    inject.failStagingDescribe = true;
    try {
      await bot.deps.queues.add(
        'schedules',
        'snapshots-scheduled',
        { correlationId: 'sched-staging', account: 'staging' },
        { jobId: 'sched-staging-run-2', attempts: 1 },
      );
      // One failure message: the run's own message, updated in place.
      const alert = await bot.slack.waitFor((calls) =>
        calls.find((c) => c.method === 'chat.update' && /failed/.test(c.body.text)),
      );
      expect(alert.body.channel).toBe('C0STAGEALERT');
      const text = textOf(alert.body);
      expect(text).toContain(':x: *Snapshot retention for staging (scheduled)* in staging — failed');
      expect(text).toContain('creating snapshots in us-east-1');
      expect(text).toContain('AWS did not answer');
      expect(text).not.toContain('AWS_UNAVAILABLE');
      expect(text).not.toContain('injected');
    } finally {
      inject.failStagingDescribe = false;
    }
  });
});
