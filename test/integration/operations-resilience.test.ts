import { DescribeInstanceStatusCommand, DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import type { OpRef } from '../../src/domain/opRef';
import { InstanceLock } from '../../src/ops/lock';
import { SPECS } from '../../src/ops/operations';
import { startWorker, type WorkerHandle } from '../../src/worker';
import { accountsYaml, PROD, STAGING } from '../helpers/accountsConfig';
import { startTestBot, type TestBot } from '../helpers/bot';
import { type CrashWorker, startCrashWorker } from '../helpers/crashWorker';
import { type Moto, startMoto, useMotoEnv } from '../helpers/moto';
import { approvalMessage, approve, buttonPayload, elementsOf, jobEnd, textOf, until } from '../helpers/ops';
import { REDIS_URL } from '../helpers/redis';
import { ThrottleInjector } from '../helpers/throttle';

const CONFIG = accountsYaml({
  defaults: { regions: ['us-east-1'] },
  accounts: {
    prod: {
      id: PROD,
      regions: ['us-east-1'],
      alert_channel: 'C0PRODALERT',
      oncall: ['U0ONCALL'],
      operators: ['U0ALICE', 'U0BOB'],
      approvers: ['U0BOB'],
      one_tap_recover: true,
    },
    staging: {
      id: STAGING,
      regions: ['us-east-1'],
      alert_channel: 'C0STAGEALERT',
      operators: ['U0ALICE'],
      approvers: ['U0ALICE'],
      approval: { required_for: [] },
    },
  },
});

let moto: Moto;

beforeAll(async () => {
  moto = await startMoto();
  useMotoEnv(moto);
});
afterAll(async () => {
  await moto?.stop();
});

const state = async (account: string, id: string): Promise<string | undefined> => {
  const ec2 = await moto.ec2(account, 'us-east-1');
  const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  return out.Reservations?.[0]?.Instances?.[0]?.State?.Name;
};

describe('a worker killed after StopInstances', () => {
  let bot: TestBot;
  let child: CrashWorker | undefined;
  let worker: WorkerHandle | undefined;
  let queryWorker: WorkerHandle | undefined;
  const counter = new ThrottleInjector({});
  afterAll(async () => {
    child?.kill();
    await worker?.close();
    await queryWorker?.close();
    await bot?.close();
  });

  it('resumes on another worker: the job finishes, one stop, the instance ends running', async () => {
    bot = await startTestBot({
      name: 'ops-crash',
      config: CONFIG,
      worker: false,
      aws: { onClient: counter.onClient },
    });
    child = await startCrashWorker(bot, CONFIG);
    // This process plans (query queue); only the child runs operations until it is killed.
    queryWorker = startWorker(bot.deps, { redisUrl: REDIS_URL, queues: ['query'] });

    const [id] = await moto.launch(PROD, 'us-east-1', { name: 'web-crash' });
    await bot.command('recover prod web-crash', { user: 'U0ALICE' });
    const msg = await approvalMessage(bot, id!);
    await approve(bot, msg, 'U0BOB');
    await child.crashAndKill(20_000);
    expect(await state(PROD, id!)).toBe('stopped');

    worker = startWorker(bot.deps, {
      redisUrl: REDIS_URL,
      queues: ['ops'],
      timing: { lockDuration: 2000, stalledInterval: 500 },
    });
    expect(await jobEnd(bot, msg.approvalId, 30_000)).toBe('completed');
    expect(await state(PROD, id!)).toBe('running');
    // The child sent the one StopInstances; the second worker read "stopped" and did not stop again.
    expect(counter.calls.StopInstancesCommand ?? 0).toBe(0);
    expect(counter.calls.StartInstancesCommand).toBe(1);
    const job = await bot.deps.queues.get('ops').getJob(msg.approvalId);
    // Every step of recover ran: read-before, stop, wait, start, wait, checks, read-after.
    expect(job?.data.step).toBe(SPECS.recover.steps(job!.data, {} as never).length);
    const done = bot.slack
      .callsOf('chat.update')
      .filter((c) => c.body.ts === msg.ts)
      .at(-1);
    expect(textOf(done!.body)).toContain('done');
  }, 60_000);
});

describe('throttling and buttons', () => {
  let bot: TestBot;
  const injector = new ThrottleInjector({
    mutating: { capacity: 1, refillPerSec: 2 },
    'start-run': { capacity: 1, refillPerSec: 2 },
  });
  beforeAll(async () => {
    bot = await startTestBot({ name: 'ops-throttle', config: CONFIG, aws: { onClient: injector.onClient } });
  });
  afterAll(async () => {
    await bot?.close();
  });
  beforeEach(() => bot.slack.clear());

  const press = (
    actionId: string,
    value: string | undefined,
    user: string,
    extra: Record<string, unknown> = {},
  ) =>
    bot.action(
      buttonPayload({
        actionId,
        value,
        user,
        channel: 'C0PRODALERT',
        ts: '1790000000.000100',
        responseUrl: bot.slack.responseUrl(),
        ...extra,
      }),
    );

  it('RequestLimitExceeded is retried and the operation succeeds; no error reaches the user', async () => {
    const [id] = await moto.launch(STAGING, 'us-east-1', { name: 'db-throttled' });
    // Four throttles outlast the SDK's three attempts, so the job-level retry (backoff) is exercised too.
    injector.failNext('mutating', 4);
    injector.failNext('start-run', 2);
    const before = injector.totalThrottled;
    await bot.command('recover staging db-throttled', { user: 'U0ALICE' });
    const done = await bot.slack.waitFor(
      (c) => c.find((x) => x.method === 'chat.update' && textOf(x.body).includes(id!)),
      30_000,
    );
    expect(textOf(done.body)).toContain('done');
    // The six injected, and any the emulated one-token bucket adds for the in-flight tag calls.
    expect(injector.totalThrottled).toBeGreaterThanOrEqual(before + 6);
    expect(await state(STAGING, id!)).toBe('running');
    expect(
      bot.slack.callsOf('response_url').filter((c) => /:x:|THROTTLED/.test(textOf(c.body))),
    ).toHaveLength(0);
  }, 40_000);

  it('AccessDenied fails at once (one attempt), with a safe message and its ref; the lock is released', async () => {
    const [id] = await moto.launch(STAGING, 'us-east-1', { name: 'db-denied' });
    injector.failCommand('StopInstancesCommand', 'UnauthorizedOperation', 403);
    await bot.command('stop staging db-denied', { user: 'U0ALICE' });
    const failed = await bot.slack.waitFor((c) =>
      c.find(
        (x) => x.method === 'chat.update' && textOf(x.body).includes(id!) && /failed/.test(textOf(x.body)),
      ),
    );
    const text = textOf(failed.body);
    expect(text).toContain("The bot's role in staging may not call StopInstances (UnauthorizedOperation)");
    expect(text).not.toContain('AWS_ACCESS_DENIED'); // plain words; the ref in the context line
    expect(text).toMatch(/ref [0-9a-f]{12}/);
    expect(text).not.toContain('injected'); // AWS's message text never reaches Slack
    const job = await until(
      async () =>
        (await bot.deps.queues.get('ops').getJobs(['failed'])).find((j) => j?.data.instanceId === id),
      'failed job',
    );
    expect(job.attemptsMade).toBe(1);
    expect(
      await new InstanceLock(bot.deps.redis, bot.deps.keyPrefix).holder('staging', 'us-east-1', id!),
    ).toBeUndefined();
    expect(await state(STAGING, id!)).toBe('running');
  });

  it('one-tap Recover runs only from an open alert: a button of an alert the bot no longer knows grants on-call nothing', async () => {
    // alertOutcome.test.ts runs one-tap end to end from a real alert; here the alert behind the
    // button is gone (expired or never stored), so the request is an ordinary one.
    const [id] = await moto.launch(PROD, 'us-east-1', { name: 'web-onetap' });
    // really failing (a Recover from an alert on a healthy instance is refused before anything else)
    await moto.setStatus(PROD, 'us-east-1', id!, { system: 'impaired' });
    const ref: OpRef = {
      kind: 'op',
      op: 'recover',
      account: 'prod',
      region: 'us-east-1',
      instanceId: id!,
      origin: { kind: 'alert', id: 'aGONE0000000' },
    };
    const refId = await bot.deps.refs.put(ref);
    await press('ec2.op#0', refId, 'U0ALICE');
    const plan = await approvalMessage(bot, id!);
    expect(plan.record.requester).toBe('U0ALICE');
    // Alice's own answer ("Sent for approval") arrives on its own time: wait for it before clearing,
    // so the next response_url read is the on-call's.
    await bot.slack.waitFor((c) =>
      c.find((x) => x.method === 'response_url' && textOf(x.body).includes('Sent for approval')),
    );
    bot.slack.clear();
    await press('ec2.op#0', refId, 'U0ONCALL', { trigger: '555.666.onetap' });
    // U0ONCALL is on-call but not an operator here: without an open alert it may not ask at all.
    const refused = await bot.slack.waitFor((c) => c.find((x) => x.method === 'response_url'));
    expect(textOf(refused.body)).toContain('You are not an operator of prod');
    expect(await bot.deps.queues.get('ops').getJob('op-555.666.onetap')).toBeUndefined();
    expect(await state(PROD, id!)).toBe('running');
  }, 40_000);

  it('reschedule: picker, then ModifyInstanceEventStartTime within the deadline; too soon is refused', async () => {
    const [id] = await moto.launch(PROD, 'us-east-1', { name: 'web-resched' });
    const now = Date.now();
    const deadline = new Date(now + 7 * 86_400_000).toISOString();
    await moto.injectEvents(PROD, 'us-east-1', id!, [
      {
        Code: 'system-reboot',
        InstanceEventId: 'instance-event-0abc1234',
        NotBefore: new Date(now + 86_400_000).toISOString(),
        NotBeforeDeadline: deadline,
      },
    ]);
    const ref: OpRef = {
      kind: 'op',
      op: 'reschedule',
      account: 'prod',
      region: 'us-east-1',
      instanceId: id!,
      eventId: 'instance-event-0abc1234',
      notBeforeDeadline: deadline,
      channel: 'C0PRODALERT',
    };
    const refId = await bot.deps.refs.put(ref);
    await press('ec2.op#1', refId, 'U0ALICE');
    const picker = await bot.slack.waitFor((c) =>
      c.find(
        (x) => x.method === 'response_url' && elementsOf(x.body).some((e) => e.type === 'datetimepicker'),
      ),
    );
    const pick = elementsOf(picker.body).find((e) => e.type === 'datetimepicker')!;

    await press(pick.action_id, undefined, 'U0ALICE', {
      selectedDateTime: Math.floor((now + 30 * 60_000) / 1000),
    });
    await bot.slack.waitFor((c) =>
      c.find((x) => x.method === 'response_url' && textOf(x.body).includes('at least 60 minutes ahead')),
    );

    const target = Math.floor((now + 3 * 86_400_000) / 1000);
    await press(pick.action_id, undefined, 'U0ALICE', { selectedDateTime: target });
    const ec2 = await moto.ec2(PROD, 'us-east-1');
    await until(async () => {
      const st = await ec2.send(
        new DescribeInstanceStatusCommand({ InstanceIds: [id!], IncludeAllInstances: true }),
      );
      return st.InstanceStatuses?.[0]?.Events?.[0]?.NotBefore?.getTime() === target * 1000;
    }, 'event moved');
  }, 40_000);
});
