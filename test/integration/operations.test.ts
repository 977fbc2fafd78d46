/** Operations that need approval (prod): the approval flow end to end, and /ec2 jobs. */
import { DescribeInstanceStatusCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import { startTestBot, type TestBot } from '../helpers/bot';
import { type Moto, startMoto, useMotoEnv } from '../helpers/moto';
import { approvalMessage, elementsOf, jobEnd, textOf, until } from '../helpers/ops';
import { OPS_CONFIG, opsHelpers, PROD } from '../helpers/opsBed';

let moto: Moto;
let bot: TestBot;
/** The bot's clock runs this far ahead of the wall clock (approval expiry). */
let clockOffsetMs = 0;

beforeAll(async () => {
  moto = await startMoto();
  useMotoEnv(moto);
  bot = await startTestBot({
    name: 'operations',
    config: OPS_CONFIG,
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

const { state, press, updatesOf, requestAndApprove } = opsHelpers(() => ({ bot, moto }));

describe('an operation keeps the name of the button that started it', () => {
  it('"Stop/Start now" (a recover) is called that in the approval, the thread, the result, /ec2 jobs and the audit', async () => {
    const [id] = await moto.launch(PROD, 'us-east-1', { name: 'web-named' });
    // what `/ec2 events` stores behind its "Stop/Start now" button (events.test.ts checks it does)
    const refId = await bot.deps.refs.put({
      kind: 'op',
      op: 'recover',
      label: 'Stop/Start now',
      account: 'prod',
      region: 'us-east-1',
      instanceId: id!,
      channel: 'C0CHANNEL',
      origin: { kind: 'event', id: 'instance-event-0named' },
    });
    await press('ec2.op#0', refId, 'U0ALICE', { channel: 'C0CHANNEL', ts: '1700000000.000200' });
    const msg = await approvalMessage(bot, id!);
    const plan = bot.slack.callsOf('chat.postMessage').find((c) => textOf(c.body).includes(msg.approvalId))!;
    expect(textOf(plan.body)).toContain('*Stop/Start now: web-named');
    expect(textOf(plan.body)).toContain('Approve Stop/Start now?');
    expect(textOf(plan.body)).not.toMatch(/\bRecover\b|\brecover\b/);
    await press('ec2.approval.approve', msg.approvalId, 'U0BOB', msg);
    expect(await jobEnd(bot, msg.approvalId, 60_000)).toBe('completed');
    const result = await bot.slack.waitFor(() => updatesOf(msg.ts).find((u) => /done/.test(u.body.text)));
    expect(textOf(result.body)).toContain('Stop/Start now: web-named');
    expect(textOf(result.body)).not.toMatch(/\bRecover\b/);
    // the button was on a channel message: the plan and its progress are in that message's thread
    const thread = bot.slack
      .callsOf('chat.postMessage')
      .filter((c) => c.body.thread_ts === '1700000000.000200' && !textOf(c.body).includes(msg.approvalId));
    expect(thread.map((c) => c.body.text)).toContain('1/5 stop requested');
    for (const c of thread) expect(textOf(c.body)).not.toMatch(/\bRecover\b/);
    const jobs = await bot.command('jobs prod', { user: 'U0ALICE' });
    const line = String(jobs.body.blocks.map((b: any) => b.text?.text ?? '').join('\n'))
      .split('\n')
      .find((l: string) => l.includes(id!));
    expect(line).toContain('*Stop/Start now*');
    const audit = (await bot.deps.audit.recent(200)).filter(
      (e) => e.instanceId === id && (e.kind === 'request' || e.kind === 'operation' || e.kind === 'decision'),
    );
    expect(audit.length).toBeGreaterThanOrEqual(3);
    for (const e of audit) expect(e.detail?.label).toBe('Stop/Start now');
  }, 90_000);
});

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
    expect(textOf(plan.body)).toMatch(/public IPv4 [\d.]+ is released \(no Elastic IP\)/);
    await press('ec2.approval.approve', msg.approvalId, 'U0BOB', msg);
    expect(await jobEnd(bot, msg.approvalId)).toBe('completed');
    expect(await state(PROD, id!, 'eu-west-1')).toBe('running');
    const ec2 = await moto.ec2(PROD, 'eu-west-1');
    const st = await ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: [id!] }));
    expect(st.InstanceStatuses?.[0]?.SystemStatus?.Status).toBe('ok');
    const calls = (await bot.deps.audit.recent(50)).filter(
      (e) => e.instanceId === id && e.kind === 'aws-call',
    );
    // CreateTags: the in-flight record on the instance (src/ops/inFlight.ts), removed when it ends.
    expect(calls.map((e) => e.action).sort()).toEqual(['CreateTags', 'StartInstances', 'StopInstances']);
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
    const record = await bot.deps.stores.approvals.get(msg.approvalId);
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
    const already = await bot.slack.waitFor((c) =>
      c.find((x) => x.method === 'response_url' && /Already approved/.test(x.body.text)),
    );
    expect(already.body.blocks[0].text.text).toContain('Already approved by <@U0BOB>.');
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
    expect((await bot.deps.stores.approvals.get(msg.approvalId))?.state).toBe('pending');
    expect(await bot.deps.queues.get('ops').getJob(msg.approvalId)).toBeUndefined();
  });

  it('approving re-checks the instance: a precondition gone since the request means no job', async () => {
    const [id] = await moto.launch(PROD, 'us-east-1', { name: 'web-changed' });
    await bot.command('stop prod web-changed', { user: 'U0ALICE' });
    const msg = await approvalMessage(bot, id!);
    const ec2 = await moto.ec2(PROD, 'us-east-1');
    await ec2.send(new StopInstancesCommand({ InstanceIds: [id!] })); // someone stopped it meanwhile
    await press('ec2.approval.approve', msg.approvalId, 'U0BOB', msg);
    // The worker re-plans (the web process never calls AWS) and says why on the plan message itself —
    // one report where requester and approver look, not a second message.
    const upd = await bot.slack.waitFor(() =>
      updatesOf(msg.ts).find((u) => /Not started/.test(textOf(u.body))),
    );
    expect(textOf(upd.body)).toContain('changed since the request');
    expect(textOf(upd.body)).toContain('is stopped: there is nothing to stop');
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

describe('/ec2 jobs', () => {
  it('lists recent operations with state, requester, approver and duration', async () => {
    const [id] = await moto.launch(PROD, 'us-east-1', { name: 'web-jobs' });
    const msg = await requestAndApprove('stop prod web-jobs', id!);
    await jobEnd(bot, msg.approvalId);
    const res = await bot.command('jobs prod', { user: 'U0ALICE' });
    const line = String(res.body.blocks.map((b: any) => b.text?.text ?? '').join('\n'))
      .split('\n')
      .find((l: string) => l.includes(id!));
    expect(line).toMatch(
      /`done` \*Stop\* prod web-jobs \(i-\w+\) — by <@U0ALICE>, approved by <@U0BOB>, \d+ s · <!date\^\d+\^/,
    );
    expect(line).toMatch(/<https:\/\/example\.slack\.com\/archives\/C0CHANNEL\/p\d+\|message>/);
    const staging = await bot.command('jobs staging', { user: 'U0ALICE' });
    expect(JSON.stringify(staging.body)).not.toContain(id!);
  });
});
