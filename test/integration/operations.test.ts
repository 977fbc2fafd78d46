import {
  DescribeImagesCommand,
  DescribeInstanceStatusCommand,
  DescribeInstancesCommand,
  RunInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import { ApprovalStore } from '../../src/ops/approvals';
import { InstanceLock } from '../../src/ops/lock';
import { startOperation } from '../../src/opsApi';
import { startTestBot, type TestBot } from '../helpers/bot';
import { type Moto, startMoto, useMotoEnv } from '../helpers/moto';
import { approvalMessage, buttonPayload, elementsOf, jobEnd, textOf, until } from '../helpers/ops';

/** prod needs approval for stop/recover/hibernate/reboot (default); staging needs none and lets self-approve. */
const CONFIG = `
defaults: { regions: [us-east-1], approval_ttl_minutes: 30 }
accounts:
  prod:
    id: "111111111111"
    role_arn: arn:aws:iam::111111111111:role/ec2-ops-bot
    regions: [us-east-1, eu-west-1]
    alert_channel: C0PRODALERT
    oncall: [U0ONCALL]
    operators: [U0ALICE, U0BOB, U0ONCALL]
    approvers: [U0BOB, S0LEADS]
  staging:
    id: "222222222222"
    role_arn: arn:aws:iam::222222222222:role/ec2-ops-bot
    regions: [us-east-1]
    alert_channel: C0STAGEALERT
    operators: [U0ALICE]
    approvers: [U0ALICE]
    approval: { required_for: [], self_approve: true }
`;
const PROD = '111111111111';
const STAGING = '222222222222';

let moto: Moto;
let bot: TestBot;
/** The bot's clock runs this far ahead of the wall clock (approval expiry). */
let clockOffsetMs = 0;

beforeAll(async () => {
  process.env.OPS_POLL_MS = '50';
  moto = await startMoto();
  useMotoEnv(moto);
  bot = await startTestBot({
    name: 'operations',
    config: CONFIG,
    now: () => new Date(Date.now() + clockOffsetMs),
  });
  bot.slack.usergroups.set('S0LEADS', ['U0CAROL']);
});
afterAll(async () => {
  await bot?.close();
  await moto?.stop();
});
beforeEach(() => {
  bot.slack.clear();
  clockOffsetMs = 0;
});

const state = async (account: string, id: string, region = 'us-east-1'): Promise<string | undefined> => {
  const ec2 = await moto.ec2(account, region);
  const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  return out.Reservations?.[0]?.Instances?.[0]?.State?.Name;
};

const press = (
  actionId: string,
  value: string,
  user: string,
  msg: { channel: string; ts: string },
  extra: Partial<Parameters<typeof buttonPayload>[0]> = {},
) =>
  bot.action(
    buttonPayload({
      actionId,
      value,
      user,
      channel: msg.channel,
      ts: msg.ts,
      responseUrl: bot.slack.responseUrl(),
      ...extra,
    }),
  );

const answerTo = (responseUrl: string) =>
  bot.slack.waitFor((calls) =>
    calls.find((c) => c.method === 'response_url' && c.responseId === responseUrl.split('/').pop()),
  );

const updatesOf = (ts: string) => bot.slack.callsOf('chat.update').filter((c) => c.body.ts === ts);

async function requestAndApprove(cmd: string, instanceId: string, approver = 'U0BOB') {
  await bot.command(cmd, { user: 'U0ALICE' });
  const msg = await approvalMessage(bot, instanceId);
  const res = await press('ec2.approval.approve', msg.approvalId, approver, msg);
  expect(res.status).toBe(200);
  return msg;
}

describe('operations with approval (prod)', () => {
  it('stop: plan with warnings, approve, one job, message updated, progress in thread, audited', async () => {
    const [id] = await moto.launch(PROD, 'us-east-1', { name: 'web-stop' });
    const ack = await bot.command('stop prod web-stop', { user: 'U0ALICE' });
    expect(ack.body.text).toContain('Planning stop of `web-stop` in prod');
    const msg = await approvalMessage(bot, id!);
    expect(msg.channel).toBe('C0CHANNEL');
    const plan = bot.slack.callsOf('chat.postMessage').find((c) => textOf(c.body).includes(msg.approvalId))!;
    expect(textOf(plan.body)).toContain('Waiting for approval');
    const approve = elementsOf(plan.body).find((e) => e.action_id === 'ec2.approval.approve')!;
    expect(approve.confirm).toBeDefined();
    expect(await state(PROD, id!)).toBe('running');

    await press('ec2.approval.approve', msg.approvalId, 'U0BOB', msg);
    expect(await jobEnd(bot, msg.approvalId)).toBe('completed');
    expect(await state(PROD, id!)).toBe('stopped');
    const updates = await bot.slack.waitFor(() =>
      updatesOf(msg.ts).length >= 2 ? updatesOf(msg.ts) : undefined,
    );
    expect(textOf(updates[0]!.body)).toContain('Approved by <@U0BOB>');
    expect(elementsOf(updates[0]!.body)).toHaveLength(0);
    expect(textOf(updates.at(-1)!.body)).toMatch(/done[\s\S]*approved by <@U0BOB>/);
    const thread = bot.slack.callsOf('chat.postMessage').filter((c) => c.body.thread_ts === msg.ts);
    expect(thread.map((c) => c.body.text)).toEqual(['1/2 stop requested', '2/2 stopped']);

    const audit = (await bot.deps.audit.recent(50)).filter((e) => e.instanceId === id);
    const kinds = audit.map((e) => `${e.kind}:${e.action}:${e.result}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'request:stop:awaiting-approval',
        'decision:approve stop:approved',
        'aws-call:StopInstances:ok',
        'step:stop:ok',
        'operation:stop:ok',
      ]),
    );
  });

  it('reboot: approved by a user-group member, waits for status checks', async () => {
    const [id] = await moto.launch(PROD, 'us-east-1', { name: 'web-reboot' });
    const msg = await requestAndApprove(`reboot prod ${'web-reboot'}`, id!, 'U0CAROL');
    expect(await jobEnd(bot, msg.approvalId)).toBe('completed');
    const audit = (await bot.deps.audit.recent(30)).filter((e) => e.instanceId === id);
    expect(audit.filter((e) => e.action === 'RebootInstances')).toHaveLength(1);
    expect(await state(PROD, id!)).toBe('running');
  });

  it('recover: states consequences, stop → start → running with both checks ok', async () => {
    const [id] = await moto.launch(PROD, 'eu-west-1', { name: 'web-recover' });
    await moto.setStatus(PROD, 'eu-west-1', id!, { system: 'impaired', instance: 'ok' });
    await bot.command('recover prod web-recover', { user: 'U0ALICE' });
    const msg = await approvalMessage(bot, id!);
    const plan = bot.slack.callsOf('chat.postMessage').find((c) => textOf(c.body).includes(msg.approvalId))!;
    expect(textOf(plan.body)).toMatch(/public IP .* changes \(no Elastic IP\)/);
    await press('ec2.approval.approve', msg.approvalId, 'U0BOB', msg);
    expect(await jobEnd(bot, msg.approvalId)).toBe('completed');
    expect(await state(PROD, id!, 'eu-west-1')).toBe('running');
    const ec2 = await moto.ec2(PROD, 'eu-west-1');
    const st = await ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: [id!] }));
    expect(st.InstanceStatuses?.[0]?.SystemStatus?.Status).toBe('ok');
    const calls = (await bot.deps.audit.recent(50)).filter(
      (e) => e.instanceId === id && e.kind === 'aws-call',
    );
    expect(calls.map((e) => e.action).sort()).toEqual(['StartInstances', 'StopInstances']);
  });

  it('refuses a non-approver, and the requester when self_approve is off; the request stays open', async () => {
    const [id] = await moto.launch(PROD, 'us-east-1', { name: 'web-refuse' });
    await bot.command('stop prod web-refuse', { user: 'U0BOB' });
    const msg = await approvalMessage(bot, id!);
    const nonApprover = await press('ec2.approval.approve', msg.approvalId, 'U0ONCALL', msg);
    expect(nonApprover.status).toBe(200);
    await bot.slack.waitFor((c) =>
      c.find((x) => x.method === 'response_url' && /not an approver for prod/.test(x.body.text)),
    );
    await press('ec2.approval.approve', msg.approvalId, 'U0BOB', msg);
    await bot.slack.waitFor((c) =>
      c.find((x) => x.method === 'response_url' && /someone else must approve/.test(x.body.text)),
    );
    const record = await new ApprovalStore(bot.deps.redis, bot.deps.keyPrefix).get(msg.approvalId);
    expect(record?.state).toBe('pending');
    expect(await bot.deps.queues.get('ops').getJob(msg.approvalId)).toBeUndefined();
    const refusals = (await bot.deps.audit.recent(20)).filter(
      (e) => e.kind === 'decision' && e.result.startsWith('refused'),
    );
    expect(refusals.map((e) => e.actor).sort()).toEqual(['U0BOB', 'U0ONCALL']);
    expect(await state(PROD, id!)).toBe('running');
  });

  it('refuses after expiry and marks the message expired', async () => {
    const [id] = await moto.launch(PROD, 'us-east-1', { name: 'web-expire' });
    await bot.command('stop prod web-expire', { user: 'U0ALICE' });
    const msg = await approvalMessage(bot, id!);
    clockOffsetMs = 31 * 60_000;
    await press('ec2.approval.approve', msg.approvalId, 'U0BOB', msg);
    await bot.slack.waitFor((c) => c.find((x) => x.method === 'response_url' && /expired/.test(x.body.text)));
    const upd = await bot.slack.waitFor(() => updatesOf(msg.ts)[0]);
    expect(textOf(upd.body)).toContain('Expired without a decision');
    expect(await bot.deps.queues.get('ops').getJob(msg.approvalId)).toBeUndefined();
    expect(await state(PROD, id!)).toBe('running');
  });

  it('the expiry timer marks an undecided request expired without a click, audited', async () => {
    const [id] = await moto.launch(PROD, 'us-east-1', { name: 'web-timer' });
    await bot.command('stop prod web-timer', { user: 'U0ALICE' });
    const msg = await approvalMessage(bot, id!);
    const timer = await until(
      () => bot.deps.queues.get('query').getJob(`expire-${msg.approvalId}`),
      'expiry job',
    );
    expect(await timer.getState()).toBe('delayed');
    expect(timer.opts.delay).toBeGreaterThanOrEqual(30 * 60_000);
    clockOffsetMs = 31 * 60_000;
    await timer.promote(); // the delay has passed, as far as the bot's clock knows
    const upd = await bot.slack.waitFor(() => updatesOf(msg.ts)[0]);
    expect(textOf(upd.body)).toContain('Expired without a decision');
    expect(elementsOf(upd.body)).toHaveLength(0);
    const audit = (await bot.deps.audit.recent(20)).find((e) => e.kind === 'decision' && e.instanceId === id);
    expect(audit).toMatchObject({ actor: 'system', action: 'expire stop', result: 'expired' });
  });

  it('a double click is exactly one job and one stop', async () => {
    const [id] = await moto.launch(PROD, 'us-east-1', { name: 'web-double' });
    await bot.command('stop prod web-double', { user: 'U0ALICE' });
    const msg = await approvalMessage(bot, id!);
    await Promise.all([
      press('ec2.approval.approve', msg.approvalId, 'U0BOB', msg),
      press('ec2.approval.approve', msg.approvalId, 'U0BOB', msg),
    ]);
    expect(await jobEnd(bot, msg.approvalId)).toBe('completed');
    await bot.slack.waitFor((c) =>
      c.find((x) => x.method === 'response_url' && /Already approved/.test(x.body.text)),
    );
    const jobs = await bot.deps.queues.get('ops').getJobs(['completed', 'failed', 'active', 'waiting']);
    expect(jobs.filter((j) => j?.data.instanceId === id)).toHaveLength(1);
    const stops = (await bot.deps.audit.recent(50)).filter(
      (e) => e.instanceId === id && e.action === 'StopInstances',
    );
    expect(stops).toHaveLength(1);
  });

  it('rejects a forged block_actions pointing at another account’s approval', async () => {
    const [id] = await moto.launch(PROD, 'us-east-1', { name: 'web-forged' });
    await bot.command('stop prod web-forged', { user: 'U0BOB' });
    const msg = await approvalMessage(bot, id!);
    // Alice approves in staging; she sends the prod approval id from a staging message.
    await press('ec2.approval.approve', msg.approvalId, 'U0ALICE', {
      channel: 'C0STAGEALERT',
      ts: '1700000000.000001',
    });
    await bot.slack.waitFor((c) =>
      c.find((x) => x.method === 'response_url' && /does not belong/.test(x.body.text)),
    );
    // Even on the right message she is not a prod approver.
    await press('ec2.approval.approve', msg.approvalId, 'U0ALICE', msg);
    await bot.slack.waitFor((c) =>
      c.find((x) => x.method === 'response_url' && /not an approver for prod/.test(x.body.text)),
    );
    expect((await new ApprovalStore(bot.deps.redis, bot.deps.keyPrefix).get(msg.approvalId))?.state).toBe(
      'pending',
    );
    expect(await bot.deps.queues.get('ops').getJob(msg.approvalId)).toBeUndefined();
  });

  it('approving re-checks the instance: a precondition gone since the request means no job', async () => {
    const [id] = await moto.launch(PROD, 'us-east-1', { name: 'web-changed' });
    await bot.command('stop prod web-changed', { user: 'U0ALICE' });
    const msg = await approvalMessage(bot, id!);
    const ec2 = await moto.ec2(PROD, 'us-east-1');
    await ec2.send(new StopInstancesCommand({ InstanceIds: [id!] })); // someone stopped it meanwhile
    await press('ec2.approval.approve', msg.approvalId, 'U0BOB', msg);
    const why = await bot.slack.waitFor((c) =>
      c.find((x) => x.method === 'response_url' && /changed since the request/.test(x.body.text)),
    );
    expect(why.body.text).toContain('is stopped: there is nothing to stop');
    const upd = await bot.slack.waitFor(() => updatesOf(msg.ts)[0]);
    expect(textOf(upd.body)).toContain('Not started');
    expect(await bot.deps.queues.get('ops').getJob(msg.approvalId)).toBeUndefined();
  });

  it('reject: message updated, nothing runs', async () => {
    const [id] = await moto.launch(PROD, 'us-east-1', { name: 'web-reject' });
    await bot.command('stop prod web-reject', { user: 'U0ALICE' });
    const msg = await approvalMessage(bot, id!);
    await press('ec2.approval.reject', msg.approvalId, 'U0BOB', msg);
    const upd = await bot.slack.waitFor(() => updatesOf(msg.ts)[0]);
    expect(textOf(upd.body)).toContain('Rejected by <@U0BOB>');
    expect(await state(PROD, id!)).toBe('running');
  });
});

describe('operations without approval (staging)', () => {
  it('start runs at once; starting a running instance is explained', async () => {
    const [id] = await moto.launch(STAGING, 'us-east-1', { name: 'db-start' });
    const running = await bot.command(`start staging ${id}`, { user: 'U0ALICE' });
    const why = await answerTo(running.responseUrl);
    expect(why.body.text).toContain('start');
    expect(textOf(why.body)).toContain('is running: it is already running, nothing to start');
    const ec2 = await moto.ec2(STAGING, 'us-east-1');
    await ec2.send(new StopInstancesCommand({ InstanceIds: [id!] }));
    await bot.command(`start staging ${id}`, { user: 'U0ALICE' });
    await until(async () => (await state(STAGING, id!)) === 'running', 'instance running');
    const done = await bot.slack.waitFor((c) =>
      c.find(
        (x) => x.method === 'chat.update' && /done/.test(textOf(x.body)) && textOf(x.body).includes(id!),
      ),
    );
    expect(textOf(done.body)).toContain('running');
  });

  it('backup: one AMI tagged with requester, source and job; id reported', async () => {
    const [id] = await moto.launch(STAGING, 'us-east-1', { name: 'db-backup' });
    await bot.command('backup staging db-backup', { user: 'U0ALICE' });
    const done = await bot.slack.waitFor((c) =>
      c.find((x) => x.method === 'chat.update' && /AMI ami-\w+ is available/.test(textOf(x.body))),
    );
    const amiId = /AMI (ami-\w+)/.exec(textOf(done.body))![1]!;
    const ec2 = await moto.ec2(STAGING, 'us-east-1');
    const images = await ec2.send(
      new DescribeImagesCommand({ Filters: [{ Name: 'tag:ec2bot:source-instance', Values: [id!] }] }),
    );
    expect(images.Images?.map((i) => i.ImageId)).toEqual([amiId]);
    const tags = Object.fromEntries((images.Images?.[0]?.Tags ?? []).map((t) => [t.Key, t.Value]));
    expect(tags['ec2bot:requester']).toBe('U0ALICE');
    expect(tags['managed-by']).toBe('ec2-ops-bot');
    expect(images.Images?.[0]?.Name).toMatch(/^db-backup-backup-\d{8}-\d{4}$/);
  });

  it('hibernate: refused with the reason and a Stop button when not configured; runs when configured', async () => {
    const [plain] = await moto.launch(STAGING, 'us-east-1', { name: 'no-hib' });
    const res = await bot.command('hibernate staging no-hib', { user: 'U0ALICE' });
    const why = await answerTo(res.responseUrl);
    expect(textOf(why.body)).toContain('hibernation is not configured');
    const stopOffer = elementsOf(why.body).find((e) => String(e.action_id).startsWith('ec2.op'));
    expect(stopOffer?.text.text).toBe('Stop instead');
    expect(await state(STAGING, plain!)).toBe('running');

    const ec2 = await moto.ec2(STAGING, 'us-east-1');
    const out = await ec2.send(
      new RunInstancesCommand({
        ImageId: 'ami-12c6146b',
        InstanceType: 't3.micro',
        MinCount: 1,
        MaxCount: 1,
        HibernationOptions: { Configured: true },
      }),
    );
    const hib = out.Instances![0]!.InstanceId!;
    await bot.command(`hibernate staging ${hib}`, { user: 'U0ALICE' });
    await until(async () => (await state(STAGING, hib)) === 'stopped', 'hibernated');
  });

  it('--dry-run: EC2 DryRun check and plan, nothing changed, no approval asked', async () => {
    const [id] = await moto.launch(PROD, 'us-east-1', { name: 'web-dry' });
    const res = await bot.command('stop prod web-dry --dry-run', { user: 'U0ALICE' });
    const answer = await answerTo(res.responseUrl);
    expect(textOf(answer.body)).toContain('EC2 DryRun check passed');
    expect(bot.slack.callsOf('chat.postMessage').filter((c) => textOf(c.body).includes(id!))).toHaveLength(0);
    expect(await new ApprovalStore(bot.deps.redis, bot.deps.keyPrefix).recent(100)).not.toContainEqual(
      expect.objectContaining({ instanceId: id }),
    );
    expect(await state(PROD, id!)).toBe('running');
  });
});

describe('account-level and dry-run requests', () => {
  it('snapshots: approval, then issue 7’s snapshots-apply job with account, regions and approver', async () => {
    const started = await startOperation(bot.deps, {
      op: 'snapshots',
      account: 'prod',
      requester: 'U0ALICE',
      params: { regions: ['eu-west-1'] },
      channel: 'C0OPS',
      correlationId: 'snapcid',
    });
    expect(started.state).toBe('awaiting-approval');
    const r = await until(
      () =>
        new ApprovalStore(bot.deps.redis, bot.deps.keyPrefix)
          .get(started.id)
          .then((x) => (x?.messageTs ? x : undefined)),
      'plan message',
    );
    await press('ec2.approval.approve', started.id, 'U0BOB', { channel: r.channel!, ts: r.messageTs! });
    const job = await until(() => bot.deps.queues.get('ops').getJob(started.id), 'snapshots job');
    expect(job.name).toBe('snapshots-apply');
    expect(job.data).toEqual({
      correlationId: 'snapcid',
      requester: 'U0ALICE',
      approver: 'U0BOB',
      account: 'prod',
      regions: ['eu-west-1'],
      channel: 'C0OPS',
    });
  });

  it.each(['backup', 'reboot', 'recover'])(
    '%s --dry-run passes the EC2 DryRun check and changes nothing',
    async (op) => {
      const [id] = await moto.launch(PROD, 'us-east-1', { name: `web-dry-${op}` });
      const res = await bot.command(`${op} prod ${id} --dry-run`, { user: 'U0ALICE' });
      expect(textOf((await answerTo(res.responseUrl)).body)).toContain('EC2 DryRun check passed');
      expect(await state(PROD, id!)).toBe('running');
      const ec2 = await moto.ec2(PROD, 'us-east-1');
      const images = await ec2.send(
        new DescribeImagesCommand({ Filters: [{ Name: 'tag:ec2bot:source-instance', Values: [id!] }] }),
      );
      expect(images.Images ?? []).toHaveLength(0);
    },
  );
});

describe('bad input and policy', () => {
  it('unknown instance names the regions looked in; ambiguous names list candidates', async () => {
    const unknown = await bot.command('stop prod i-0123456789abcdef0', { user: 'U0ALICE' });
    expect((await answerTo(unknown.responseUrl)).body.text).toContain(
      'No instance i-0123456789abcdef0 in prod (regions us-east-1, eu-west-1)',
    );
    await moto.launch(PROD, 'us-east-1', { name: 'twin' });
    await moto.launch(PROD, 'eu-west-1', { name: 'twin' });
    const amb = await bot.command('stop prod twin', { user: 'U0ALICE' });
    expect((await answerTo(amb.responseUrl)).body.text).toMatch(
      /2 instances match "twin" in prod: .*us-east-1.*eu-west-1/,
    );
  });

  it('a Name tag from AWS cannot ping a channel from the plan message', async () => {
    const [id] = await moto.launch(PROD, 'us-east-1', { name: '<!channel> web' });
    await bot.command(`stop prod ${id}`, { user: 'U0ALICE' });
    await approvalMessage(bot, id!);
    const plan = bot.slack.callsOf('chat.postMessage').find((c) => textOf(c.body).includes(id!))!;
    expect(JSON.stringify(plan.body)).not.toContain('<!channel>');
    expect(JSON.stringify(plan.body)).toContain('&lt;!channel&gt; web');
  });

  it('a user outside operators is refused and audited', async () => {
    const [id] = await moto.launch(PROD, 'us-east-1', { name: 'web-outsider' });
    const res = await bot.command('stop prod web-outsider', { user: 'U0MALLORY' });
    expect((await answerTo(res.responseUrl)).body.text).toContain('You are not an operator of prod');
    const entry = (await bot.deps.audit.recent(10)).find(
      (e) => e.instanceId === id && e.result === 'refused',
    );
    expect(entry?.actor).toBe('U0MALLORY');
  });

  it('a busy instance is refused with who holds it', async () => {
    const [id] = await moto.launch(PROD, 'us-east-1', { name: 'web-busy' });
    await new InstanceLock(bot.deps.redis, bot.deps.keyPrefix).acquire('prod', 'us-east-1', id!, {
      op: 'recover',
      user: 'U0BOB',
      startedAt: '2026-11-21T10:00:00.000Z',
      jobId: 'other-job',
    });
    const res = await bot.command('stop prod web-busy', { user: 'U0ALICE' });
    expect((await answerTo(res.responseUrl)).body.text).toContain(
      'busy: recover by U0BOB, started 2026-11-21T10:00:00.000Z',
    );
  });

  it('a Slack retry of the same command (same trigger_id) posts one plan message', async () => {
    const [id] = await moto.launch(PROD, 'us-east-1', { name: 'web-retry' });
    await bot.command('stop prod web-retry', { user: 'U0ALICE', trigger: '1111.2222.retry' });
    await bot.command('stop prod web-retry', { user: 'U0ALICE', trigger: '1111.2222.retry' });
    await approvalMessage(bot, id!);
    await new Promise((r) => setTimeout(r, 500));
    const plans = bot.slack.callsOf('chat.postMessage').filter((c) => textOf(c.body).includes(id!));
    expect(plans).toHaveLength(1);
  });
});

describe('/ec2 jobs', () => {
  it('lists recent operations with state, requester, approver and duration', async () => {
    const [id] = await moto.launch(PROD, 'us-east-1', { name: 'web-jobs' });
    const msg = await requestAndApprove('stop prod web-jobs', id!);
    await jobEnd(bot, msg.approvalId);
    const res = await bot.command('jobs prod', { user: 'U0ALICE' });
    const line = String(res.body.blocks.map((b: any) => b.text?.text ?? '').join('\n'))
      .split('\n')
      .find((l: string) => l.includes(id!));
    expect(line).toMatch(/`done` \*stop\* prod i-\w+ — by <@U0ALICE>, approved by <@U0BOB>, \d+ s/);
    const staging = await bot.command('jobs staging', { user: 'U0ALICE' });
    expect(JSON.stringify(staging.body)).not.toContain(id!);
  });
});
