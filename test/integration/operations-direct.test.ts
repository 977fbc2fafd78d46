/** Operations without approval, dry runs, account-level requests, bad input and policy. */
import { DescribeImagesCommand, RunInstancesCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import { QUEUE } from '../../src/jobs/queues';
import { InstanceLock } from '../../src/ops/lock';
import { startOperation } from '../../src/ops/request';
import { startTestBot, type TestBot } from '../helpers/bot';
import { type Moto, startMoto, useMotoEnv } from '../helpers/moto';
import { approvalMessage, elementsOf, queueSettled, textOf, until } from '../helpers/ops';
import { OPS_CONFIG, opsHelpers, PROD, STAGING } from '../helpers/opsBed';

let moto: Moto;
let bot: TestBot;

beforeAll(async () => {
  moto = await startMoto();
  useMotoEnv(moto);
  bot = await startTestBot({ name: 'operations-direct', config: OPS_CONFIG });
});
afterAll(async () => {
  await bot?.close();
  await moto?.stop();
});
beforeEach(() => bot.slack.clear());

const { state, press, answerTo } = opsHelpers(() => ({ bot, moto }));

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
        // Hibernation needs an encrypted root with room for RAM (the plan blocks anything else).
        BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { VolumeSize: 30, Encrypted: true } }],
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
    expect(await bot.deps.stores.approvals.recent(100)).not.toContainEqual(
      expect.objectContaining({ instanceId: id }),
    );
    expect(await state(PROD, id!)).toBe('running');
  });
});

describe('account-level and dry-run requests', () => {
  it('snapshots: approval, then the snapshots operation job with account, regions and approver', async () => {
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
      () => bot.deps.stores.approvals.get(started.id).then((x) => (x?.messageTs ? x : undefined)),
      'plan message',
    );
    await press('ec2.approval.approve', started.id, 'U0BOB', { channel: r.channel!, ts: r.messageTs! });
    const job = await until(() => bot.deps.queues.get('ops').getJob(started.id), 'snapshots job');
    expect(job.name).toBe('snapshots');
    // toMatchObject: the job may already have started and saved its progress next to the payload.
    expect(job.data).toMatchObject({
      correlationId: 'snapcid',
      requester: 'U0ALICE',
      approver: 'U0BOB',
      account: 'prod',
      params: { regions: ['eu-west-1'] },
      channel: 'C0OPS',
      messageTs: r.messageTs,
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
    // What Slack renders: the text and the blocks (the message's metadata is data for the bot's own
    // recovery after a data loss; Slack never renders it).
    const shown = JSON.stringify({ text: plan.body.text, blocks: plan.body.blocks });
    expect(shown).not.toContain('<!channel>');
    expect(shown).toContain('&lt;!channel&gt; web');
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
    const refusal = (await answerTo(res.responseUrl)).body;
    // the person as a mention, the time in the reader's zone (UTC only in the fallback)
    expect(refusal.blocks[0].text.text).toContain(
      'is busy: recover by <@U0BOB> is running on it (started <!date^1795255200^{date_short_pretty} {time}|2026-11-21 10:00 UTC>).',
    );
    expect(refusal.text).toContain(
      'is busy: recover by U0BOB is running on it (started 2026-11-21 10:00 UTC).',
    );
  });

  it('a Slack retry of the same command (same trigger_id) posts one plan message', async () => {
    const [id] = await moto.launch(PROD, 'us-east-1', { name: 'web-retry' });
    await bot.command('stop prod web-retry', { user: 'U0ALICE', trigger: '1111.2222.retry' });
    await bot.command('stop prod web-retry', { user: 'U0ALICE', trigger: '1111.2222.retry' });
    await approvalMessage(bot, id!);
    // Both commands were acked, so whatever they enqueued is in the query queue; once it has nothing
    // left to run, a second plan message (had the retry made a second job) would have been posted.
    await queueSettled(bot, QUEUE.query);
    const plans = bot.slack.callsOf('chat.postMessage').filter((c) => textOf(c.body).includes(id!));
    expect(plans).toHaveLength(1);
  });
});
